"""Settings the home app reads, with their types and defaults (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class HomeSettings(AppSettings):
    PAGE_CACHE_SECONDS = Setting(
        int, 300, "how long anonymous visitors' pages are cached; 0 turns the cache off"
    )
    SITE_URL = Setting(
        str, "", "the site's public address for canonical, Open Graph and sitemap links"
    )


app_settings = HomeSettings()
