"""What the materials app tells authors (``accounts.services.notify``): their material was
published, or moderators asked for changes (with the moderator's comment). Members have no
admin, so Wagtail's own workflow e-mails (with admin links) are no use to them; these are
cabinet notices with an e-mail copy, kind "courses" (new material), once per submission."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState

from accounts.services import notify

from .models import MaterialPage

KIND = "courses"


def _material(state: WorkflowState) -> MaterialPage | None:
    page = state.content_object
    page = getattr(page, "specific", page)
    return page if isinstance(page, MaterialPage) and page.owner_id else None


def tell_published(state: WorkflowState) -> None:
    page = _material(state)
    if page is None:
        return
    page.refresh_from_db()
    notify(
        page.owner,
        KIND,
        _("Your material “%(title)s” is published.") % {"title": page.title},
        url=page.url or "",
        key=f"material-approved:{state.pk}",
    )


def tell_changes_requested(state: WorkflowState) -> None:
    page = _material(state)
    if page is None:
        return
    last = state.task_states.order_by("-finished_at", "-pk").first()
    comment = last.get_comment() if last is not None else ""
    notify(
        page.owner,
        KIND,
        _("Moderators asked for changes to “%(title)s”.") % {"title": page.title},
        body=comment,
        url=reverse("materials-edit", kwargs={"page_id": page.pk}),
        key=f"material-rejected:{state.pk}",
    )
