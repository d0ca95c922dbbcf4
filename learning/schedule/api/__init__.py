"""Groups, the timetable and attendance over JSON; api/urls.py includes this module
(``urlpatterns``: paths under /api/).

Paths (all under /api/):

- groups/[{id}/] — teachers create and edit their groups, members read them;
  groups/{id}/students/ — DELETE {"id"} removes a member (people are named by their public
  id, as everywhere in the API). Nobody is added without their own "yes":
  groups/{id}/invitations/ — GET the group's invitations, POST {"email"} invites an address
  (the same answer whether or not it has an account); groups/{id}/join-code/ — GET the code,
  POST a new one (the old stops working), DELETE turns joining by code off;
  groups/join/ — POST {"code"} joins the group with that code.
- group-invitations/[{id}/] — the open invitations sent to the signed-in person (one: theirs,
  or of a group they teach); …/accept/ and …/decline/ for its addressee ({"token"} from the
  e-mail while their address is unconfirmed), …/revoke/ for the group's teacher.
- schedule/events/?start=&end= — the expanded calendar for a window (at most 100 days) as
  FullCalendar events; ``cancelled=1`` adds cancelled occurrences with status "cancelled".
  Staff get the whole school's timetable; ``teacher`` (public id), ``group`` and ``course``
  (ids) narrow anyone's.
- schedule/availability/ — the signed-in tutor's weekly hours (time zone, ranges per weekday,
  date exceptions): GET reads, PUT replaces them all. tutors/{id}/free-slots/?from=&to= —
  a tutor's (by page id) free hour-long slots, public, a window of at most 14 days.
- schedule/feed/ — the signed-in person's private iCalendar address: GET reads it (404 when
  there is none), DELETE revokes it (no address until one is made again); POST
  schedule/feed/rotate/ gives a new one (making one if there is none), the old one answers 404.
- schedule/rules/[{id}/] — weekly rules; PUT/PATCH with ``from_date`` changes the rule from
  that date on (the answer is the rule in force from then, a new one after a split); DELETE
  ends the rule (past occurrences stay). …/cancel-occurrence/ and …/move-occurrence/ change one
  occurrence without touching the rule.
- lessons/live/[{id}/] — stored lessons: POST makes a one-off lesson, PUT/PATCH edits or moves
  it, DELETE (or POST …/cancel/) cancels it; lessons/live/from-key/ stores a calendar event's
  occurrence and returns it (for starting it, attendance, homework); …/{id}/attendance/ —
  GET (the teacher: the whole group; a student: their own), PUT by the teacher.

A clash with another lesson is 409 with the message naming it. Creating or moving answers with
``warning``: the video pool's capacity warning, or null.
"""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import (
    AvailabilityView,
    CalendarFeedRotateView,
    CalendarFeedView,
    EventsView,
    FreeSlotsView,
    GroupViewSet,
    InvitationViewSet,
    LiveLessonViewSet,
    RuleViewSet,
)

router = SimpleRouter()
router.register("groups", GroupViewSet, basename="schedule-group")
router.register("group-invitations", InvitationViewSet, basename="group-invitation")
router.register("schedule/rules", RuleViewSet, basename="schedule-rule")
router.register("lessons/live", LiveLessonViewSet, basename="live-lesson")

urlpatterns: list = [
    path("schedule/availability/", AvailabilityView.as_view(), name="schedule-availability"),
    path("tutors/<id:pk>/free-slots/", FreeSlotsView.as_view(), name="tutor-free-slots"),
    path("schedule/events/", EventsView.as_view(), name="schedule-events"),
    path("schedule/feed/", CalendarFeedView.as_view(), name="schedule-feed"),
    path("schedule/feed/rotate/", CalendarFeedRotateView.as_view(), name="schedule-feed-rotate"),
    *router.urls,
]
