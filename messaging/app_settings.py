"""The messaging app's settings, with their defaults (core.app_settings)."""

from core.app_settings import AppSettings, Setting


class MessagingSettings(AppSettings):
    MESSAGING_MAX_LENGTH = Setting(int, 4000, "characters in one message")
    MESSAGING_MAX_ATTACHMENT_SIZE = Setting(int, 10 * 1024 * 1024, "bytes in one attachment")
    MESSAGING_EDIT_WINDOW_MINUTES = Setting(
        int, 15, "minutes after sending during which the author may edit or delete a message"
    )
    MESSAGING_RATE_LIMIT = Setting(int, 20, "messages one person may send per window")
    MESSAGING_RATE_WINDOW = Setting(int, 60, "seconds of the sending rate limit's window")
    MESSAGING_PAGE_SIZE = Setting(int, 50, "messages per page of a conversation (at most)")
    MESSAGING_DIGEST_AFTER_MINUTES = Setting(
        int, 15, "unread this long, with no socket open, and the person gets a digest e-mail"
    )
    MESSAGING_PRESENCE_SECONDS = Setting(
        int, 90, "an open socket counts as present this long after its last sign of life"
    )
    MESSAGING_CABINET_PATH = Setting(str, "/cabinet/messages/", "where the digest e-mail links to")
    MESSAGING_REPORT_REASON_LENGTH = Setting(int, 1000, "characters in a report's reason")


app_settings = MessagingSettings()
