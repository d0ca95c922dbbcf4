"""Members' materials: writing one (a draft page sent to moderators), changing it, reading
the list of one's own. Who may is in permissions.py; every function checks it.

A material is a ``MaterialPage`` owned by its author under the ``MaterialIndexPage`` of the
author's language (or the main one). Its text is plain in the cabinet: paragraphs become the
page's rich-text blocks (escaped), so editors refine it in the page editor. A video is the
author's own upload (videos: the chunked uploader, ffprobe, transcoding) in a video block; a
test is a self-check homework built from the quiz syntax (``quiz.py``), opened when the
material is published (``signals.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page, WorkflowPage, WorkflowState
from wagtail.rich_text import RichText

from accounts.models import User
from courses.models import CourseMedia
from courses.services import moderation_workflow, submit_for_moderation
from home.languages import shown_in
from learning.homework.services import create_self_check, replace_self_check_questions

from . import permissions as rules
from .app_settings import app_settings
from .errors import MaterialInvalid, NoMaterialsSection
from .models import MaterialIndexPage, MaterialPage
from .quiz import QuizSyntaxError, as_text, parse

Kind = MaterialPage.Kind


@dataclass(frozen=True)
class Draft:
    """What the author writes (the cabinet's form and the API give the same)."""

    kind: str
    title: str
    summary: str = ""
    text: str = ""
    video: int | None = None  # the author's uploaded library video
    questions: str = ""  # the quiz syntax


def material_index(locale: Locale | None = None) -> MaterialIndexPage:
    """The materials section in ``locale``, else in the main language, else any."""
    indexes = MaterialIndexPage.objects.order_by("depth", "path")
    for candidate in (locale, Locale.get_default()):
        if candidate is not None and (found := indexes.filter(locale=candidate).first()):
            return found
    found = indexes.first()
    if found is None:
        raise NoMaterialsSection
    return found


def cover_with_moderation(index: MaterialIndexPage) -> None:
    """The section waits in the "Course moderation" workflow like courses and tutors' pages."""
    if not WorkflowPage.objects.filter(page=index).exists():
        WorkflowPage.objects.create(page=index, workflow=moderation_workflow())


def _paragraphs(text: str) -> list[tuple[str, RichText]]:
    blocks = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [escape(line.strip()) for line in chunk.split("\n") if line.strip()]
        if lines:
            blocks.append(("paragraph", RichText(f"<p>{'<br/>'.join(lines)}</p>")))
    return blocks


def _own_video(user: User, video_id: int | None) -> CourseMedia:
    video = (
        CourseMedia.objects.filter(pk=video_id, uploaded_by_user=user, type="video").first()
        if video_id
        else None
    )
    if video is None:
        raise MaterialInvalid(_("Upload the video first."), field="video")
    return video


def _questions(draft: Draft) -> list[dict]:
    try:
        return parse(draft.questions, max_questions=app_settings.MATERIALS_MAX_QUESTIONS)
    except QuizSyntaxError as error:
        raise MaterialInvalid(str(error), field="questions") from error


def _check(draft: Draft) -> None:
    if draft.kind not in Kind.values:
        raise MaterialInvalid(_("Choose what you are publishing."), field="kind")
    if not draft.title.strip():
        raise MaterialInvalid(_("Give the material a title."), field="title")
    if draft.kind == Kind.ARTICLE and not draft.text.strip():
        raise MaterialInvalid(_("Write the article's text."), field="text")


def _body(user: User, draft: Draft) -> list:
    body = _paragraphs(draft.text)
    if draft.kind == Kind.VIDEO:
        video = _own_video(user, draft.video)
        body.insert(0, ("video", {"embed": None, "file": video, "caption": ""}))
    return body


def _test_title(draft: Draft) -> str:
    return draft.title.strip()


@transaction.atomic
def create_material(user: User, draft: Draft, *, locale: Locale | None = None) -> MaterialPage:
    """A draft material by ``user`` in the materials section, sent to moderators."""
    rules.require_can_publish_materials(user)
    _check(draft)
    index = material_index(locale)
    test = None
    if draft.kind == Kind.TEST:
        try:
            test = create_self_check(user, _test_title(draft), _questions(draft))
        except ValidationError as error:
            raise MaterialInvalid(" ".join(error.messages), field="questions") from error
    page = MaterialPage(
        title=draft.title.strip(),
        kind=draft.kind,
        summary=draft.summary.strip(),
        body=_body(user, draft),
        test=test,
        owner=user,
        live=False,
        locale=index.locale,
    )
    index.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    cover_with_moderation(index)
    submit_for_moderation(user, page)
    return page


@transaction.atomic
def update_material(user: User, page: MaterialPage, draft: Draft) -> MaterialPage:
    """The author rewrites the material: a new revision, sent to moderators again (a
    published material stays as published until they approve the change)."""
    rules.require_can_edit_material(user, page)
    if draft.kind != page.kind:
        raise MaterialInvalid(_("A material keeps its kind; write a new one instead."))
    _check(draft)
    if page.kind == Kind.TEST and page.test is not None:
        try:
            replace_self_check_questions(user, page.test, _with_ids(page, _questions(draft)))
        except ValidationError as error:
            raise MaterialInvalid(" ".join(error.messages), field="questions") from error
    latest = page.get_latest_revision_as_object()
    latest.title = draft.title.strip()
    latest.summary = draft.summary.strip()
    latest.body = _body(user, draft)
    latest.save_revision(user=user, log_action=True)
    if page.workflow_in_progress:
        page.current_workflow_state.cancel(user=user)
    submit_for_moderation(user, page)
    return page


def _with_ids(page: MaterialPage, items: list[dict]) -> list[dict]:
    """Questions and choices keep their ids by position, so answers given stay attached."""
    existing = list(page.test.questions.prefetch_related("choices"))
    for item, question in zip(items, existing, strict=False):
        item["id"] = question.pk
        if "choices" in item:
            choices = list(question.choices.all())
            for choice_item, choice in zip(item["choices"], choices, strict=False):
                choice_item["id"] = choice.pk
    return items


class Status:
    PUBLISHED = "published"
    IN_MODERATION = "in_moderation"
    CHANGES_REQUESTED = "changes_requested"
    DRAFT = "draft"


def _workflow_status() -> Subquery:
    states = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    ).order_by("-created_at", "-pk")
    return Subquery(states.values("status")[:1])


def my_materials(user: User) -> QuerySet[MaterialPage]:
    """The author's materials, newest first, each with ``moderation`` (the last workflow's
    status) so the list says where each stands in one query."""
    rules.require_can_publish_materials(user)
    return (
        MaterialPage.objects.filter(owner=user)
        .defer_streamfields()
        .annotate(moderation=_workflow_status())
        .order_by("-latest_revision_created_at", "-pk")
    )


def status_of(page: MaterialPage) -> str:
    moderation = getattr(page, "moderation", None)
    if moderation == WorkflowState.STATUS_IN_PROGRESS:
        return Status.IN_MODERATION
    if moderation == WorkflowState.STATUS_NEEDS_CHANGES:
        return Status.CHANGES_REQUESTED
    return Status.PUBLISHED if page.live else Status.DRAFT


def published_by(member: User, locale: Locale) -> QuerySet[MaterialPage]:
    """A member's published materials (their profile), newest first."""
    from_member = MaterialPage.objects.live().public().filter(owner=member)
    return shown_in(from_member, locale).defer_streamfields().order_by("-first_published_at")


def draft_of(page: MaterialPage) -> Draft:
    """The author's latest revision as the form's starting values."""
    latest = page.get_latest_revision_as_object()
    paragraphs, video = [], None
    for block in latest.body:
        if block.block_type == "paragraph":
            paragraphs.append(_plain(block.value.source))
        elif block.block_type == "video" and block.value.get("file") and video is None:
            video = block.value["file"].pk
    questions = as_text(page.test.questions.prefetch_related("choices")) if page.test else ""
    return Draft(
        kind=latest.kind,
        title=latest.title,
        summary=latest.summary,
        text="\n\n".join(paragraphs),
        video=video,
        questions=questions,
    )


def _plain(html: str) -> str:
    return unescape(strip_tags(html.replace("<br/>", "\n").replace("<br>", "\n")))
