"""The courses app's settings, with their defaults (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class CoursesSettings(AppSettings):
    # Seconds a signed S3 address of a lesson video stays valid (documents use the private
    # storage's own, shorter expiry). A browser keeps asking the address it was redirected to
    # for further byte ranges while the video plays, so it must outlive a lesson with pauses.
    COURSES_MEDIA_URL_EXPIRY = Setting(int, 3 * 60 * 60)
    # What one unit of each course currency is worth in the catalog's base currency (roubles),
    # only to sort by price across currencies ("cheapest first" puts $49 after 1 490 ₽). Rough
    # rates are enough for an order; a currency missing here sorts after all priced ones.
    CATALOG_EXCHANGE_RATES = Setting(dict, {"RUB": "1", "USD": "90", "EUR": "100"})


app_settings = CoursesSettings()
