"""A person's timetable as an iCalendar file, for Google/Apple/Outlook calendar subscriptions.

Times are written in UTC (calendar apps show them in the reader's zone); each occurrence keeps
its key as the UID, so a moved occurrence updates the same event instead of adding a new one.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .app_settings import app_settings
from .models import Group


def feed_window(now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """Recent past (so last week's lessons stay visible) and a term ahead; settings can widen
    or narrow it."""
    now = now or timezone.now()
    back = app_settings.SCHEDULE_FEED_DAYS_BACK
    ahead = app_settings.SCHEDULE_FEED_DAYS_AHEAD
    return now - dt.timedelta(days=back), now + dt.timedelta(days=ahead)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def build_calendar(
    occurrences: Iterable,
    groups: dict[int, Group],
    lesson_url: Callable[[str], str],
    *,
    host: str,
    name: str,
) -> bytes:
    """The VCALENDAR for these occurrences; ``lesson_url(key)`` gives each event's link."""
    calendar = Calendar()
    calendar.add("prodid", "-//Ustat//Timetable//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    # Calendar apps poll subscriptions on their own schedule; this asks for a few hours.
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = _utc(timezone.now()).replace(microsecond=0)
    for occurrence in occurrences:
        group = groups.get(occurrence.group_id)
        event = Event()
        event.add("uid", f"{occurrence.key}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", _utc(occurrence.start))
        event.add("dtend", _utc(occurrence.end))
        event.add("summary", f"{occurrence.title} · {group.name}" if group else occurrence.title)
        url = lesson_url(occurrence.key)
        event.add("url", url)
        lines = [_("Group: %(group)s") % {"group": group.name}] if group else []
        if group and group.teacher_id:
            lines.append(_("Teacher: %(teacher)s") % {"teacher": _person(group.teacher)})
        lines.append(url)
        event.add("description", "\n".join(lines))
        cancelled = str(getattr(occurrence, "status", "")) == "cancelled"
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def _person(user) -> str:
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full or user.email
