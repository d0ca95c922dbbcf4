"""Certificates' settings, each declared once with its default (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class CertificatesSettings(AppSettings):
    SITE_URL = Setting(
        str, "", "The public origin in verification links; empty: WAGTAILADMIN_BASE_URL."
    )
    CERTIFICATES_FONT_DIR = Setting(
        str, "", "A folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf, tried first."
    )


app_settings = CertificatesSettings()
