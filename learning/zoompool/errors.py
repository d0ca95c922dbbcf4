"""The video pool's refusals, in the one family of ``core.errors`` (their code and HTTP status
are what the API answers)."""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, DomainError, Unavailable, WebhookError


class ZoomPoolError(DomainError):
    """A lesson cannot get its video room; the message is for the teacher."""


class PoolNotConfigured(ZoomPoolError, Unavailable):
    code = "pool_not_configured"
    default_message = _("No video accounts are configured.")


class PoolExhausted(ZoomPoolError, Conflict):
    """Every account is busy: nothing changed, try again later (``retry_after`` seconds)."""

    code = "pool_exhausted"
    status = 429
    retry_after = 60
    default_message = _("All video accounts are busy, try again in a few minutes.")


class LessonNotStartable(ZoomPoolError, Conflict):
    """Too early, already over, or cancelled."""

    code = "not_startable"


class LessonStarting(ZoomPoolError, Conflict):
    """Another request is starting this very lesson and has not finished yet."""

    code = "not_startable"


class ZoomFailed(ZoomPoolError, Unavailable):
    """Zoom refused or could not be reached (the account went back to the pool).

    ``transient`` says whether trying again later may help.
    """

    code = "zoom_error"
    status = 502

    def __init__(self, message=None, *, transient: bool = False, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.transient = transient


class ZoomUnavailable(ZoomFailed):
    """Zoom gave no answer (timed out, unreachable, or the breaker holds calls back), other
    starts are waiting on it, or it asked us to slow down (its own 429): nothing changed, no
    account is held; try again in ``retry_after`` seconds.

    ``code`` says which: ``zoom_unavailable``, ``zoom_busy`` or ``zoom_rate_limited``.
    """

    code = "zoom_unavailable"
    status = 503

    def __init__(self, message=None, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(message, transient=True, code=code)
        self.retry_after = max(1, int(retry_after))


class ZoomWebhookRejected(WebhookError):
    """A Zoom delivery whose signature, timestamp or body does not check out."""

    status = 401


class ZoomEventInvalid(WebhookError):
    """A correctly signed event with values Zoom never sends (impossible dates, sizes past any
    file, ids longer than Zoom's): refused with what is wrong, nothing stored (HTTP 400)."""

    code = "bad_event"


class DownloadFailed(Unavailable):
    """A transient download failure: the Celery task tries again later."""

    code = "download_failed"
