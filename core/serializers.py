"""Serializer fields the apps' APIs share."""

from django.conf import settings
from django.core.validators import validate_unicode_slug
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# A slug a client may send: letters of the site's two scripts (Latin with its accented forms,
# Cyrillic), digits, "-" and "_". Spelled out because ``\w`` means all letters to Python but
# ASCII to the schema's regex dialect (ECMA 262), so one pattern is read alike by both.
SLUG_PATTERN = r"^[-_0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0400-\u04FF]+\Z"


class SlugField(serializers.RegexField):
    """A page or tag slug in Latin or Cyrillic (see SLUG_PATTERN)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": validate_unicode_slug.message})
        super().__init__(SLUG_PATTERN, **kwargs)


@extend_schema_field({"type": "string", "enum": [code for code, _name in settings.LANGUAGES]})
class LocaleField(serializers.CharField):
    """The language of a page or snippet (its Wagtail locale), one of LANGUAGES."""

    def __init__(self, **kwargs):
        super().__init__(source="locale.language_code", read_only=True, **kwargs)
