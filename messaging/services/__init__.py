"""Messages: every rule once, for the API, the socket and (later) the pages.

- ``conversations``: opening one (direct, group, support), a group's seats.
- ``messages``: send, edit, delete, mark read, attachments, the rate limit.
- ``reading``: a person's conversations, a page of messages, unread counts.
- ``support``: the team's inbox, assigning, closing.
- ``abuse``: blocks, reports and the moderators' answer to them.
- ``digest``: the e-mail for people who were away.
"""

from .abuse import (
    block,
    blocked_by,
    dismiss_report,
    open_reports,
    remove_reported_message,
    report_message,
    unblock,
)
from .conversations import (
    check_not_blocked,
    set_muted,
    start_direct,
    start_group,
    start_support,
    sync_group_participants,
)
from .digest import send_digests
from .messages import (
    attachment_of,
    check_attachment,
    clean_text,
    delete_message,
    edit_message,
    get_message,
    mark_read,
    send_message,
    take_send_slot,
)
from .reading import (
    conversations_for,
    existing_conversation,
    get_conversation,
    messages_page,
    unread_counts,
    unread_total,
    unread_total_shown,
)
from .support import (
    assign,
    close,
    reopen,
    support_conversation,
    support_inbox,
    support_staff,
)

__all__ = [
    "assign",
    "attachment_of",
    "block",
    "blocked_by",
    "check_attachment",
    "check_not_blocked",
    "clean_text",
    "close",
    "conversations_for",
    "delete_message",
    "dismiss_report",
    "existing_conversation",
    "edit_message",
    "get_conversation",
    "get_message",
    "mark_read",
    "messages_page",
    "open_reports",
    "remove_reported_message",
    "reopen",
    "report_message",
    "send_digests",
    "send_message",
    "set_muted",
    "start_direct",
    "start_group",
    "start_support",
    "support_conversation",
    "support_inbox",
    "support_staff",
    "sync_group_participants",
    "take_send_slot",
    "unblock",
    "unread_counts",
    "unread_total",
    "unread_total_shown",
]
