"""The calendar over JSON: events for a window (FullCalendar's shape) and the personal
iCalendar feed's address."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import services
from ...models import Group
from ...permissions import occurrence_editor
from ..serializers import (
    CalendarFeedSerializer,
    EventSerializer,
    EventsNarrowingSerializer,
)

EVENTS_MAX_DAYS = 100
NARROWING = tuple(EventsNarrowingSerializer().fields)
# What the cache keeps of a window: change the number whenever _events_renderer's output does.
EVENTS_KIND = "fullcalendar-json-1"
EVENTS_FIRST_YEAR, EVENTS_LAST_YEAR = 1900, 2999


class RenderedJSON(Response):
    """An answer whose JSON was rendered before (and kept in the cache): sent as it is when
    the JSON renderer's plain layout is asked for; any other (the browsable API, ``indent``)
    renders its data again, as for any answer."""

    def __init__(self, body: bytes):
        super().__init__()
        self.rendered = body

    @property
    def data(self):
        if self._data is None and self.rendered:
            self._data = json.loads(self.rendered)
        return self._data

    @data.setter
    def data(self, value) -> None:
        self._data = value

    @property
    def rendered_content(self):
        renderer = getattr(self, "accepted_renderer", None)
        context = getattr(self, "renderer_context", None)
        if (
            type(renderer) is JSONRenderer
            and context is not None
            and renderer.get_indent(self.accepted_media_type, context) is None
        ):
            context["response"] = self
            self["Content-Type"] = self.content_type or renderer.media_type
            return self.rendered
        return super().rendered_content


def _lesson_url_maker():
    """The lesson page's URL for a key (reverse() once, not per event). Keys need no quoting:
    letters, digits, ":" and "-"."""
    marker = "lesson:0"
    template = reverse("schedule:lesson", kwargs={"key": marker})
    head, _marker, tail = template.rpartition(marker)
    return lambda key: f"{head}{key}{tail}"


def _moment(request, name: str) -> datetime:
    raw = (request.query_params.get(name) or "").strip().replace(" ", "+")
    if not raw:
        raise exceptions.ValidationError({name: [_("This parameter is required.")]})
    try:
        value = parse_datetime(raw)
        if value is None and (day := parse_date(raw)) is not None:
            value = datetime.combine(day, time.min)
    except ValueError:
        value = None
    if value is None:
        raise exceptions.ValidationError(
            {name: [_("Give a date or date and time, e.g. 2030-09-01 or 2030-09-01T00:00:00Z.")]}
        )
    if not EVENTS_FIRST_YEAR <= value.year <= EVENTS_LAST_YEAR:
        # Near year 1 or 9999 the expansion's date arithmetic overflowed (a 500).
        raise exceptions.ValidationError(
            {
                name: [
                    _("Give a date between the years %(first)s and %(last)s.")
                    % {"first": EVENTS_FIRST_YEAR, "last": EVENTS_LAST_YEAR}
                ]
            }
        )
    if timezone.is_naive(value):
        # FullCalendar with a named time zone sends local times and the zone beside them.
        zone_name = request.query_params.get("timeZone") or ""
        try:
            zone = ZoneInfo(zone_name) if zone_name and zone_name != "local" else None
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        value = timezone.make_aware(value, zone or timezone.get_current_timezone())
    return value


def _events_renderer(user):
    """The occurrences as FullCalendar's events (plain dicts, as ``EventSerializer`` says) in
    JSON; they depend on the person, the language (the URLs) and the time zone (the times)."""
    can_edit = occurrence_editor(user)

    def render(occurrences) -> bytes:
        groups = {
            pk: (name, colour, teacher_id)
            for pk, name, colour, teacher_id in Group.objects.filter(
                pk__in={o.group_id for o in occurrences}
            )
            .order_by()
            .values_list("pk", "name", "colour", "teacher_id")
        }
        url = _lesson_url_maker()
        zone = timezone.get_current_timezone()  # once: localtime() looks it up per call
        events = []
        for occurrence in occurrences:
            name, colour, teacher_id = groups.get(
                occurrence.group_id, ("", services.DEFAULT_COLOUR, None)
            )
            editable = can_edit(occurrence, teacher_id)
            events.append(
                {
                    "id": occurrence.key,
                    "title": occurrence.title,
                    "start": occurrence.start.astimezone(zone).isoformat(),
                    "end": occurrence.end.astimezone(zone).isoformat(),
                    "color": colour,
                    "editable": editable,
                    "extendedProps": {
                        "group": occurrence.group_id,
                        "groupName": name,
                        "status": occurrence.status,
                        "rule": occurrence.rule_id,
                        "lesson": occurrence.lesson_id,
                        "occurrenceDate": occurrence.occurrence_date.isoformat()
                        if occurrence.occurrence_date
                        else None,
                        "editable": editable,
                        "url": url(occurrence.key),
                    },
                }
            )
        return JSONRenderer().render(events)

    return render


class EventsView(APIView):
    """The signed-in person's timetable between ``start`` and ``end`` as FullCalendar events.

    Teachers get their lessons and their groups' (editable while scheduled), students their
    groups' (read only), staff the whole school's (editable). ``teacher``, ``group`` and
    ``course`` narrow it. The window is required and at most 100 days.
    """

    @extend_schema(
        parameters=[
            EventsNarrowingSerializer,
            OpenApiParameter(
                "start", OpenApiTypes.STR, required=True, description="ISO date or date-time"
            ),
            OpenApiParameter(
                "end", OpenApiTypes.STR, required=True, description="ISO date or date-time"
            ),
            OpenApiParameter(
                "cancelled", OpenApiTypes.BOOL, description="Include cancelled occurrences"
            ),
            OpenApiParameter(
                "timeZone", OpenApiTypes.STR, description="Zone of times without an offset"
            ),
        ],
        responses={200: EventSerializer(many=True)},
    )
    def get(self, request):
        start, end = _moment(request, "start"), _moment(request, "end")
        if end <= start:
            raise exceptions.ValidationError({"end": [_("The end must be after the start.")]})
        if end - start > timedelta(days=EVENTS_MAX_DAYS):
            raise exceptions.ValidationError(
                {"end": [_("The window can be at most %(days)s days.") % {"days": EVENTS_MAX_DAYS}]}
            )
        include_cancelled = request.query_params.get("cancelled") in ("1", "true", "yes")
        narrowing = services.Narrowing()
        if any(name in request.query_params for name in NARROWING):
            narrower = EventsNarrowingSerializer(data=request.query_params)
            narrower.is_valid(raise_exception=True)
            narrowing = narrower.narrowing()
        body = services.calendar_events(
            request.user,
            start,
            end,
            _events_renderer(request.user),
            kind=EVENTS_KIND,
            include_cancelled=include_cancelled,
            narrowing=narrowing,
        )
        return RenderedJSON(body)


def _feed_answer(request, feed) -> Response:
    url = request.build_absolute_uri(reverse("calendar:feed", kwargs={"token": feed.token}))
    return Response(CalendarFeedSerializer({"url": url}).data)


class CalendarFeedView(APIView):
    """The signed-in person's private iCalendar address: read it, or revoke it (no address
    until one is made again); ``rotate/`` replaces it (and makes one when there is none)."""

    @extend_schema(
        responses={
            200: CalendarFeedSerializer,
            404: OpenApiResponse(description="No address: never made, or revoked"),
        },
        summary="The calendar feed's address",
    )
    def get(self, request):
        return _feed_answer(request, services.feed_of(request.user))

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="Revoked: the old address answers 404")},
        summary="Revoke the calendar feed",
    )
    def delete(self, request):
        services.revoke_feed(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CalendarFeedRotateView(APIView):
    @extend_schema(
        request=None,
        responses=CalendarFeedSerializer,
        summary="A new calendar feed address (the old one answers 404)",
    )
    def post(self, request):
        return _feed_answer(request, services.rotate_feed(request.user))
