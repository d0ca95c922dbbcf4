"""The messages' refusals, in the one family of ``core.errors`` (their code and HTTP status are
what the API answers; the socket sends the same code and message)."""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound


class CannotWriteTo(NotAllowed):
    """Starting a conversation with someone the rules do not connect the person to."""

    code = "cannot_write_to"
    default_message = _(
        "You can write to published tutors, to your teachers and to your own students only."
    )


class NotInConversation(NotFound):
    """Someone else's conversation: it does not exist as far as this person knows."""

    code = "not_found"
    default_message = _("There is no such conversation.")


class Blocked(NotAllowed):
    """The other person blocked the sender (or the sender blocked them)."""

    code = "blocked"
    default_message = _("This person does not accept messages from you.")


class YouBlocked(NotAllowed):
    code = "you_blocked"
    default_message = _("You have blocked this person; unblock them to write.")


class EditWindowClosed(Conflict):
    code = "edit_window_closed"
    default_message = _("A message can be changed only within %(minutes)s minutes of sending.")


class MessageGone(Conflict):
    code = "message_deleted"
    default_message = _("This message has been deleted.")


class ConversationClosed(Conflict):
    code = "conversation_closed"
    default_message = _("This conversation is closed.")


class ReportResolved(Conflict):
    code = "report_resolved"
    default_message = _("This report has already been dealt with.")


class RateLimited(DomainError):
    """Too many messages in a short time: nothing was sent, try again in ``retry_after`` s."""

    code = "rate_limited"
    status = 429
    default_message = _("You are sending messages too fast. Wait a little and send it again.")

    def __init__(self, message=None, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


class BadAttachment(Invalid):
    code = "bad_attachment"

    def __init__(self, message=None, *, code: str | None = None) -> None:
        super().__init__(message, code=code, field="attachment")
