"""Settings the accounts app reads, with their types and defaults (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class AccountsSettings(AppSettings):
    AVATAR_MAX_UPLOAD_SIZE = Setting(int, 2 * 1024 * 1024, "largest avatar upload, bytes")
    AVATAR_MAX_PIXELS = Setting(
        int, 4096 * 4096, "largest avatar picture, width × height, checked before decoding"
    )
    AVATAR_SIZE = Setting(int, 256, "side of the stored square avatar, pixels")
    SITE_URL = Setting(str, "", "the site's address, for links in e-mails (no trailing slash)")


app_settings = AccountsSettings()
