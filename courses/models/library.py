"""The documents and media libraries the lessons choose from, with their files kept private.

These are the site's Wagtail document model (``WAGTAILDOCS_DOCUMENT_MODEL``) and wagtailmedia
model (``WAGTAILMEDIA["MEDIA_MODEL"]``). They differ from the stock models only in where the
file lives: private storage (``portal.storages.private_storage``), never a ``/media/`` URL.
Every download goes through a view that asks ``courses.permissions.can_download_library_file``
first: Wagtail's ``/documents/<id>/<name>`` (its ``before_serve_document`` hook) and
``/media-library/<id>/<name>`` (``courses.views.media_file``). Thumbnails (video posters) stay
in public media: they are shown before anyone presses play.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document
from wagtailmedia.models import AbstractMedia

from portal.storages import private_storage

__all__ = ["CourseDocument", "CourseMedia"]


class CourseDocument(AbstractDocument):
    """A document of the library; served by Wagtail's document view after the lesson check."""

    file = models.FileField(upload_to="documents", storage=private_storage, verbose_name=_("file"))

    admin_form_fields = Document.admin_form_fields


class CourseMedia(AbstractMedia):
    """A video (or audio) of the library; streamed by ``courses.views.media_file``."""

    file = models.FileField(upload_to="media", storage=private_storage, verbose_name=_("file"))

    @property
    def url(self) -> str:
        # wagtailmedia's templates, the lesson's <video> and the admin all link through here.
        return reverse("courses:media-file", args=[self.pk, self.filename])
