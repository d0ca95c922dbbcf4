"""The materials app's settings, with their defaults (core.app_settings)."""

from core.app_settings import AppSettings, Setting


class MaterialsSettings(AppSettings):
    # Materials per page of the list (the site page and the API).
    MATERIALS_PAGE_SIZE = Setting(int, 12, "materials per page of the list")
    # Questions in one self-check test written in the cabinet.
    MATERIALS_MAX_QUESTIONS = Setting(int, 30, "questions in one self-check test")


app_settings = MaterialsSettings()
