"""Page helpers every part of the demo uses: add a published child, add a translation.

Both publish one revision (as the given user, if any), so a fresh page has no draft waiting.
"""

from typing import Any

from wagtail.models import Locale, Page

from accounts.models import User


def add_published(parent: Page, page: Page, user: User | None = None) -> Page:
    """Add `page` under `parent` and publish it; `page` is reloaded after publishing."""
    # Another instance of the parent may have added children since ours was loaded.
    parent.refresh_from_db(fields=["path", "depth", "numchild"])
    parent.add_child(instance=page)
    page.save_revision(user=user).publish()
    page.refresh_from_db()  # publishing saved another instance (live, status, counters)
    return page


def translated(
    page: Page,
    locale: Locale,
    fields: dict[str, Any],
    user: User | None = None,
    *,
    tags: list[str] | None = None,
) -> tuple[Page, bool]:
    """The page's translation into `locale`: copied, filled in and published if missing.

    Returns (translation, created). An existing translation is left as it is, so editors'
    changes survive a second run.
    """
    translation = page.get_translation_or_none(locale)
    if translation is not None:
        return translation, False
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    if tags is not None:
        translation.tags.set(tags)
    translation.save_revision(user=user).publish()
    translation.refresh_from_db()
    return translation, True
