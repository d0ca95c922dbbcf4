"""A course page's visits (device and source) and the learner's state on it."""

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils import timezone

from courses.models import CoursePage
from courses.services import teaches

from .. import view_buffer
from ..errors import NotEnrolled as NotEnrolled  # re-exported: callers catch it from here
from ..models import CourseView
from ..permissions import is_enrolled as is_enrolled  # re-exported: other apps ask it here
from ..permissions import lapsed_enrollment as lapsed_enrollment  # the lesson gate asks it
from ..permissions import (
    open_enrollment,
)
from ..permissions import open_enrollments as open_enrollments  # homework lists by it
from .progress import progress_and_completed

BOT_MARKERS = ("bot", "crawler", "spider", "preview")
MOBILE_MARKERS = ("mobi", "android", "iphone")
TABLET_MARKERS = ("ipad", "tablet")


def device_class(user_agent: str) -> str:
    agent = user_agent.lower()
    if any(marker in agent for marker in BOT_MARKERS):
        return CourseView.Device.BOT
    if any(marker in agent for marker in TABLET_MARKERS):
        return CourseView.Device.TABLET
    if any(marker in agent for marker in MOBILE_MARKERS):
        return CourseView.Device.MOBILE
    return CourseView.Device.DESKTOP


def view_source(request: HttpRequest) -> str:
    """utm_source if given, else the referring site's host ("" for direct visits)."""
    if utm := request.GET.get("utm_source", "").strip():
        return utm[:100]
    referrer = urlsplit(request.headers.get("referer", "")).hostname or ""
    return "" if referrer == request.get_host().split(":")[0] else referrer[:100]


def record_view(request: HttpRequest, course: CoursePage | int) -> CourseView:
    """Count a view, also for pages answered from the page cache. Nothing is read; the row
    goes to the Redis buffer that beat writes every minute (``view_buffer``), or is written
    at once without Redis."""
    course_id = course if isinstance(course, int) else course.pk
    if hasattr(request, "page_cache_notes"):
        request.page_cache_notes["course_view"] = course_id
    user = request.user if request.user.is_authenticated else None
    session = getattr(request, "session", None)
    view = CourseView(
        course_id=course_id,
        user=user,
        session_key=(session.session_key or "") if session is not None else "",
        source=view_source(request),
        device=device_class(request.headers.get("user-agent", "")),
        viewed_at=timezone.now(),
    )
    view_buffer.push(view)
    return view


def course_page_state(request: HttpRequest, course: CoursePage) -> dict:
    """What the course page shows this visitor next to the price, and its view is counted."""
    record_view(request, course)
    user = request.user
    enrollment = open_enrollment(user, course)
    state = {
        "enrollment": enrollment,
        "teaches": teaches(user, course),
        "progress": None,
        "completed_lessons": set(),
        # Access that ended (expired, left the group): the page says so next to "renew".
        "lapsed": lapsed_enrollment(user, course) if enrollment is None else None,
    }
    if enrollment is not None:
        state["progress"], state["completed_lessons"] = progress_and_completed(user, course)
    return state
