"""A live lesson moved or cancelled, a weekly rule's time changed or the rule ended: its group's
students hear of it (and the teacher, when someone else made the change).

Keyed by the occurrence and its time, so a retried request tells nobody twice, while moving
the same lesson again (to another time) is news again. Only lessons still ahead are news.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import notify

from ..models import Group, Membership

KIND = "lessons"  # ProfileSettings' "live lessons" switch


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "j E, H:i")


def _people(actor, group: Group) -> list[User]:
    people = [
        membership.student
        for membership in Membership.objects.filter(
            group=group, student__is_active=True
        ).select_related("student")
    ]
    if getattr(actor, "pk", None) != group.teacher_id:
        people.append(group.teacher)  # staff changed the teacher's lesson
    return [person for person in people if person.pk != getattr(actor, "pk", None)]


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M}"


def lesson_moved(
    actor, group: Group, *, title: str, key: str, old_start: datetime, new_start: datetime
) -> int:
    """Tell the group the lesson ``key`` moved; returns how many were told now."""
    if max(old_start, new_start) < timezone.now():
        return 0  # a past lesson's record corrected: no news
    with translation.override(settings.LANGUAGE_CODE):
        heading = _("Lesson “%(title)s” moved to %(new)s") % {
            "title": title,
            "new": _when(new_start),
        }
        body = _("It was planned for %(old)s. Group: %(group)s.") % {
            "old": _when(old_start),
            "group": group.name,
        }
        url = reverse("schedule:lesson", kwargs={"key": key})
    notice_key = f"lesson-moved:{key}:{_stamp(new_start)}"
    return sum(
        notify(person, KIND, heading, body=body, url=url, key=notice_key) is not None
        for person in _people(actor, group)
    )


def lesson_cancelled(actor, group: Group, *, title: str, key: str, start: datetime) -> int:
    """Tell the group the lesson ``key`` at ``start`` is cancelled; returns how many now."""
    if start < timezone.now():
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        heading = _("Lesson “%(title)s” on %(when)s is cancelled") % {
            "title": title,
            "when": _when(start),
        }
        body = _("Group: %(group)s. The calendar shows the lessons still ahead.") % {
            "group": group.name
        }
        url = reverse("schedule:calendar")
    notice_key = f"lesson-cancelled:{key}:{_stamp(start)}"
    return sum(
        notify(person, KIND, heading, body=body, url=url, key=notice_key) is not None
        for person in _people(actor, group)
    )


def weekly_lessons_ended(actor, group: Group, *, title: str, rule_id: int, first_day) -> int:
    """A weekly rule ended early (deleted): its lessons from ``first_day`` will not happen."""
    with translation.override(settings.LANGUAGE_CODE):
        heading = _("Weekly lessons “%(title)s” are cancelled from %(date)s") % {
            "title": title,
            "date": formats.date_format(first_day, "j E"),
        }
        body = _("Group: %(group)s. The calendar shows the lessons still ahead.") % {
            "group": group.name
        }
        url = reverse("schedule:calendar")
    notice_key = f"rule-ended:{rule_id}:{first_day:%Y%m%d}"
    return sum(
        notify(person, KIND, heading, body=body, url=url, key=notice_key) is not None
        for person in _people(actor, group)
    )


def _weekly(rule) -> dict[str, str]:
    return {
        "weekday": str(rule.get_weekday_display()),
        "start": f"{rule.start_time:%H:%M}",
        "end": f"{rule.end_time:%H:%M}",
    }


def weekly_time_changed(actor, group: Group, *, old, new, first_day) -> int:
    """A weekly rule's day or time changed from ``first_day`` on (``old``: the rule as it was,
    ``new``: the rule in force from then); returns how many were told now.

    Keyed by the rule, the date and the new time: a retried request tells nobody twice, another
    change is news again.
    """
    with translation.override(settings.LANGUAGE_CODE):
        heading = _("Weekly lessons “%(title)s” from %(date)s: %(weekday)s, %(start)s–%(end)s") % {
            "title": new.title,
            "date": formats.date_format(first_day, "j E"),
            **_weekly(new),
        }
        body = _("Before: %(weekday)s, %(start)s–%(end)s. Group: %(group)s.") % {
            "group": group.name,
            **_weekly(old),
        }
        body += " " + _("Times are in the %(zone)s time zone.") % {"zone": new.timezone}
        if new.week_type != new.WeekType.ALL:
            body += " " + _("Weeks: %(weeks)s.") % {"weeks": new.get_week_type_display()}
        url = reverse("schedule:calendar")
    when = f"{new.weekday}{new.start_time:%H%M}{new.end_time:%H%M}{new.week_type}{new.timezone}"
    notice_key = f"rule-changed:{new.pk}:{first_day:%Y%m%d}:{when}"[:200]
    return sum(
        notify(person, KIND, heading, body=body, url=url, key=notice_key) is not None
        for person in _people(actor, group)
    )
