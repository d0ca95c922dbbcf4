"""The tutors' pages (tutors.yaml): one TutorPage per tutor under the tutor list, two videos each.

A page is found by its parent and slug before it is made. The profile's rating comes from the
demo reviews (reviews.py), never from here.
"""

from decimal import Decimal
from typing import Any

from wagtail.models import Locale

from accounts.models import User
from courses.models import Category, TutorIndexPage, TutorLanguage, TutorPage, TutorVideoPage

from .pages import add_published, translated
from .streams import tutor_bio, video


def load_tutor_page(
    index: TutorIndexPage,
    tutor: dict[str, Any],
    user: User,
    categories: dict[str, Category],
) -> TutorPage:
    """The tutor's page under `index` (subjects are category slugs) and its videos."""
    page = TutorPage.objects.child_of(index).filter(slug=tutor["slug"]).first()
    if page is None:
        page = TutorPage(
            title=f"{tutor['first_name']} {tutor['last_name']}",
            slug=tutor["slug"],
            headline=tutor["headline"],
            experience_years=tutor["experience_years"],
            education=tutor["education"],
            hourly_price=Decimal(tutor["hourly_price"]),
            bio=tutor_bio(tutor),
            owner=user,
            user=user,
        )
        page.subjects.set([categories[slug] for slug in tutor["subjects"]])
        # Part of the published revision (a child relation), so a later publish keeps them.
        page.lesson_languages = [
            TutorLanguage(language=code) for code in tutor.get("lesson_languages", [])
        ]
        add_published(index, page, user)
    for spec in tutor["videos"]:
        _video(page, spec, user)
    return page


def _video(tutor_page: TutorPage, spec: dict[str, Any], user: User) -> TutorVideoPage:
    page = TutorVideoPage.objects.child_of(tutor_page).filter(slug=spec["slug"]).first()
    if page is None:
        page = TutorVideoPage(
            title=spec["title"],
            slug=spec["slug"],
            video=[video(spec["url"], spec["caption"])],
            description=spec["description"],
            owner=user,
        )
        page.tags.add(*spec["tags"])
        add_published(tutor_page, page, user)
    return page


def english_tutor_page(
    page: TutorPage,
    russian: dict[str, Any],
    english: dict[str, Any],
    categories_en: dict[str, Category],
    en: Locale,
) -> TutorPage:
    """The English translation of a tutor's page and of their videos (tutors_en.yaml).

    Subjects become the categories' English versions; a video keeps its address. An existing
    translation is kept as it is.
    """
    fields = {
        "title": f"{english['first_name']} {english['last_name']}",
        "headline": english["headline"],
        "education": english["education"],
        "bio": tutor_bio(english),
        "subjects": [categories_en[slug] for slug in russian["subjects"]],
    }
    translation, _created = translated(page, en, fields, page.user)
    addresses = {spec["slug"]: spec["url"] for spec in russian["videos"]}
    for spec in english["videos"]:
        source = TutorVideoPage.objects.child_of(page).get(slug=spec["slug"])
        fields = {
            "title": spec["title"],
            "description": spec["description"],
            "video": [video(addresses[spec["slug"]], spec["caption"])],
        }
        translated(source, en, fields, page.user, tags=spec["tags"])
    return translation
