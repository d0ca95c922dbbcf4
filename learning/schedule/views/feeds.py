"""The private iCalendar feed (the secret token in the URL is its only key); making, replacing
and revoking its address."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import feeds, services
from .common import groups_by_id, lesson_url


def _back_to_feed() -> HttpResponse:
    return redirect(reverse("schedule:calendar") + "#calendar-feed")


@require_POST
@login_required
def feed_revoke(request: HttpRequest) -> HttpResponse:
    """A new address (the old one stops working), or the first one when there is none."""
    had_one = services.find_feed(request.user) is not None
    services.rotate_feed(request.user)
    if had_one:
        messages.success(
            request,
            _("The old calendar address no longer works. Subscribe again with the new one."),
        )
    else:
        messages.success(request, _("Your calendar address is ready. Add it to your calendar app."))
    return _back_to_feed()


@require_POST
@login_required
def feed_delete(request: HttpRequest) -> HttpResponse:
    """No address at all until the person makes one again."""
    services.revoke_feed(request.user)
    messages.success(
        request,
        _("Your calendar address no longer works. Calendar apps stop showing your lessons."),
    )
    return _back_to_feed()


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's timetable for calendar apps."""
    user = services.user_for_feed(token)
    if user is None:
        raise Http404
    start, end = feeds.feed_window()
    occurrences = services.occurrences_for(user, start, end, include_cancelled=True)
    groups = groups_by_id(o.group_id for o in occurrences)
    # Links open the site in its default language (the feed itself has no language prefix).
    with translation.override(settings.LANGUAGE_CODE):
        body = feeds.build_calendar(
            occurrences,
            groups,
            lambda key: request.build_absolute_uri(lesson_url(key)),
            host=request.get_host().split(":")[0] or "ustat",
            name=_("Ustat timetable"),
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="timetable.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
