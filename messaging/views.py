"""The cabinet's Messages pages, routed by ``cabinet/urls.py`` under ``/cabinet/messages/``.

They work without JavaScript (links, and forms that post and redirect); ``js/messages.js``
makes them live over the socket, or by polling the API when the socket cannot connect.
Links from cached public pages ("Message the tutor", "Contact support") are plain GETs: the
page shows the existing conversation, or a form whose first message opens it, so nobody gets
an empty conversation by following a link.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from learning.schedule.models import Group

from . import payloads, services
from .app_settings import app_settings
from .forms import SendForm
from .models import Conversation
from .permissions import require_start_direct, require_start_group

CONVERSATIONS_PER_PAGE = 20


def _conversation_url(conversation_id: int) -> str:
    return reverse("cabinet:conversation", kwargs={"conversation_id": conversation_id})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The person's conversations, most recent first: four queries a page (count, rows,
    people, the cabinet's own)."""
    page_obj = Paginator(services.conversations_for(request.user), CONVERSATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        payloads.conversation(seat.conversation, request.user, seat)
        for seat in page_obj.object_list
    ]
    return render(request, "messaging/inbox.html", {"conversations": rows, "page_obj": page_obj})


def _send(request: HttpRequest, form: SendForm, conversation: Conversation) -> bool:
    """Send the form's message; the service's refusal becomes the form's error."""
    try:
        services.send_message(
            request.user,
            conversation,
            form.cleaned_data["text"],
            attachment=form.cleaned_data["attachment"],
        )
    except DomainError as error:
        field = getattr(error, "field", None)
        form.add_error(field if field in form.fields else None, str(error))
        return False
    return True


@login_required
def conversation(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """One conversation: its latest messages (``?before=<id>`` pages back), the composer.
    Opening it reads it. A fixed number of queries, however long the conversation."""
    user = request.user
    current = services.get_conversation(user, conversation_id)
    form = SendForm()
    if request.method == "POST":
        form = SendForm(request.POST, request.FILES)
        if form.is_valid() and _send(request, form, current):
            return redirect(_conversation_url(current.pk) + "#composer")
    before = request.GET.get("before")
    page, more = services.messages_page(user, current, before=before)
    page.reverse()  # oldest first on the page
    seat = services.conversations_for(user).filter(conversation=current).first()
    if seat is not None and not before and seat.unread:
        services.mark_read(user, current)
        seat.unread = 0
    data = payloads.conversation(seat.conversation if seat else current, user, seat)
    other = None
    if current.kind == Conversation.Kind.DIRECT and seat is not None:
        other = next(
            (s.user for s in seat.conversation.participants.all() if s.user_id != user.pk), None
        )
    read_marks = {
        mark["user"]["id"]: mark["last_read_message_id"]
        for mark in data["read_marks"]
        if mark["user"]
    }
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": data,
            "thread": [{**payloads.message(m), "sent": m.created_at} for m in page],
            "me": str(user.public_id),
            "has_more": more,
            "earlier": page[0].pk if page and more else None,
            "paged_back": bool(before),
            "read_marks_json": json.dumps(read_marks),
            "other": other,
            "i_blocked": other is not None
            and services.blocked_by(user).filter(blocked=other).exists(),
            "form": form,
            "edit_minutes": app_settings.MESSAGING_EDIT_WINDOW_MINUTES,
            "max_length": app_settings.MESSAGING_MAX_LENGTH,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def block_toggle(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Block (or unblock) the other person of a direct conversation: no more messages either
    way until unblocked; what was written stays."""
    user = request.user
    current = services.get_conversation(user, conversation_id)
    other = (
        current.participants.exclude(user=user).select_related("user").first()
        if current.kind == Conversation.Kind.DIRECT
        else None
    )
    if other is None:
        raise Http404
    name = other.user.get_full_name() or other.user.get_short_name()
    if request.POST.get("action") == "unblock":
        services.unblock(user, other.user)
        messages.success(request, _("%(name)s can write to you again.") % {"name": name})
    else:
        services.block(user, other.user)
        messages.success(
            request,
            _("%(name)s is blocked: neither of you can write here until you unblock them.")
            % {"name": name},
        )
    return redirect(_conversation_url(current.pk))


def _first_message(
    request: HttpRequest, *, title: str, start, existing: Conversation | None, **context
) -> HttpResponse:
    """A new conversation's page: its first message opens it (``start()`` makes it)."""
    if existing is not None:
        return redirect(_conversation_url(existing.pk))
    form = SendForm()
    if request.method == "POST":
        form = SendForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                opened, _created = start()
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                if _send(request, form, opened):
                    return redirect(_conversation_url(opened.pk) + "#composer")
    return render(
        request,
        "messaging/new.html",
        {"title": title, "form": form, "max_length": app_settings.MESSAGING_MAX_LENGTH, **context},
        status=400 if form.errors else 200,
    )


@login_required
def write_to(request: HttpRequest, user_id) -> HttpResponse:
    """ "Message the tutor" (or the teacher, or a student): the conversation with them."""
    other = get_user_model().objects.filter(public_id=user_id, is_active=True).first()
    if other is None:
        raise Http404
    user = request.user
    existing = services.existing_conversation(user, other=other)
    if existing is None:
        require_start_direct(user, other)  # a clear refusal before anything is typed
    return _first_message(
        request,
        title=other.get_full_name() or other.get_short_name(),
        start=lambda: services.start_direct(user, other),
        existing=existing,
        recipient=other,
    )


@login_required
def write_to_group(request: HttpRequest, group_id: int) -> HttpResponse:
    """ "Write to the group": its conversation (the teacher and the members)."""
    group = Group.objects.select_related("teacher").filter(pk=group_id).first()
    if group is None:
        raise Http404
    user = request.user
    require_start_group(user, group)
    existing = services.existing_conversation(user, group=group)
    if existing is None and Conversation.objects.filter(group=group).exists():
        # The conversation exists but this member has no seat yet: opening seats them.
        existing, _created = services.start_group(user, group)
    return _first_message(
        request,
        title=group.name,
        start=lambda: services.start_group(user, group),
        existing=existing,
        group=group,
    )


@login_required
def support(request: HttpRequest) -> HttpResponse:
    """ "Contact support": the person's conversation with the school's team."""
    user = request.user
    return _first_message(
        request,
        title=str(_("Support")),
        start=lambda: services.start_support(user),
        existing=services.existing_conversation(user, support=True),
        support=True,
    )
