"""What the Messages pages and the cabinet's menu ask for."""

from django import template
from django.utils.translation import gettext as _

from .. import services
from ..app_settings import app_settings

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context) -> int:
    """The person's unread messages, for the cabinet's "Messages" link (kept for them until
    their counts change; the page's script keeps it current)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return services.unread_total_shown(user)


@register.simple_tag
def messages_texts() -> dict[str, str]:
    """The words js/messages.js shows, in the page's language (json_script)."""
    return {
        "you": _("You:"),
        "file": _("File:"),
        "deleted": _("Message deleted"),
        "noMessages": _("No messages yet"),
        "formerMember": _("Former member"),
        "supportTeam": _("support team"),
        "edited": _("edited"),
        "edit": _("Edit"),
        "remove": _("Delete"),
        "report": _("Report"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "confirmDelete": _("Delete this message for everyone?"),
        "reportReason": _("What is wrong with this message? Moderators will read your report."),
        "reported": _("Reported — thank you."),
        "read": _("Read"),
        "sent": _("Sent"),
        "readBy": _("Read by %(n)s of %(total)s"),
        "empty": _("Write something or attach a file."),
        "sending": _("Sending…"),
        "retryIn": _("You can send again in %(s)s s."),
        "offline": _("Could not send: no connection. Your text is kept — try again."),
        "failed": _("Something went wrong. Try again."),
        "maxLength": str(app_settings.MESSAGING_MAX_LENGTH),
    }
