"""The demo's members' materials: the section and a few materials, made as members make them
(``materials.services.create_material``) and published by the demo moderator's approval."""

from __future__ import annotations

from typing import Any

from wagtail.models import Locale

from accounts.models import User
from home.models import HomePage
from materials.models import MaterialIndexPage, MaterialPage
from materials.services import Draft, cover_with_moderation, create_material

from .pages import add_published, translated


def load_materials(data: dict[str, Any], home: HomePage, en: Locale) -> dict[str, int]:
    """The section (and its English translation) and the materials; returns how many
    materials this run `created` and how many of them it `published`."""
    index = MaterialIndexPage.objects.child_of(home).first()
    if index is None:
        index = add_published(home, MaterialIndexPage(show_in_menus=True, **data["index"]["ru"]))
    translated(index, en, data["index"]["en"])
    cover_with_moderation(index)
    moderator = User.objects.filter(email=data["moderator"]).first()
    authors = {user.email: user for user in User.objects.filter(email__in=_emails(data))}
    created = published = 0
    for item in data["materials"]:
        author = authors.get(item["author"])
        if (
            author is None
            or MaterialPage.objects.filter(owner=author, title=item["title"]).exists()
        ):
            continue
        fields = {name: item[name] for name in ("kind", "title", "summary", "text") if name in item}
        page = create_material(author, Draft(questions=item.get("questions", ""), **fields))
        created += 1
        if item.get("published") and moderator is not None:
            page.current_workflow_task_state.approve(user=moderator)
            published += 1
    return {"created": created, "published": published}


def _emails(data: dict[str, Any]) -> set[str]:
    return {item["author"] for item in data["materials"]}
