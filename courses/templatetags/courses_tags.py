import json

from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from courses import cards
from courses.models import TutorIndexPage
from home.seo import og_image, page_url

register = template.Library()


@register.simple_tag(takes_context=True)
def course_cards(context, courses) -> str:
    """The course cards of ``courses`` (``<li>`` each), from the shared cache when unchanged."""
    return cards.render(courses, context)


_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def course_structured_data(context, course) -> str:
    """schema.org Course as JSON-LD in the page head (data, not a script: CSP allows it)."""
    request = context.get("request")
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": course.title,
        "description": course.search_description or course.summary,
        "inLanguage": course.language,
        "url": page_url(course, request),
        "provider": {"@type": "Organization", "name": "Ustat"},
        "educationalLevel": course.get_level_display(),
        "offers": {
            "@type": "Offer",
            "category": "Free" if course.is_free else "Paid",
            "price": f"{course.price:.2f}",
            "priceCurrency": course.currency,
        },
    }
    image = og_image(course)
    if image:
        data["image"] = image["url"]
    if course.teacher_id:
        data["instructor"] = {"@type": "Person", "name": course.teacher_display}
    if course.reviews_count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{course.average_rating:.1f}",
            "reviewCount": course.reviews_count,
        }
    payload = json.dumps(data, ensure_ascii=False).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.simple_tag
def tutor_list_page():
    """The tutors page in the active language (else any), for "Find a tutor" links."""
    pages = TutorIndexPage.objects.live().select_related("locale").order_by("pk")
    language = translation.get_language()
    found = None
    for page in pages[:5]:
        if page.locale.language_code == language:
            return page
        found = found or page
    return found
