"""The site's frame (site.yaml): locales, the default Site, the home and "about" pages in both
languages, the site settings; and the feedback form (feedback.yaml).

Pages are found (home by locale, the others by parent and slug) before they are made.
"""

from typing import Any

from wagtail.models import Locale, Page, Site

from home.models import FormField, FormPage, HomePage, SiteSettings, SiteTexts, StandardPage

from .pages import add_published, translated


def locales() -> tuple[Locale, Locale]:
    """The site's two content languages: Russian (default) and English."""
    ru, _created = Locale.objects.get_or_create(language_code="ru")
    en, _created = Locale.objects.get_or_create(language_code="en")
    return ru, en


def load_site(data: dict[str, Any], ru: Locale, en: Locale) -> HomePage:
    """Home and "about" in Russian and English, the hero's link, the site settings."""
    home = _home(data, ru)
    about = _about(data["about"]["ru"], home)
    translated(home, en, data["home"]["en"])
    translated(about, en, data["about"]["en"])
    _link_hero(home, about)
    _site_settings(data["settings"])
    _site_texts(data["texts"])
    return home


def _home(data: dict[str, Any], ru: Locale) -> HomePage:
    home = HomePage.objects.filter(locale=ru).first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's placeholder "Welcome" page goes; the site gets our home page.
        for placeholder in root.get_children().exclude(content_type__model="homepage"):
            if placeholder.slug == "home":
                placeholder.delete()
        home = HomePage(slug="home", locale=ru, **data["home"]["ru"])
        root.add_child(instance=home)
        home.save_revision().publish()
    site = {**data["site"], "root_page": home}
    Site.objects.update_or_create(is_default_site=True, defaults=site)
    return home


def _about(fields: dict[str, Any], home: HomePage) -> StandardPage:
    about = StandardPage.objects.child_of(home).filter(slug=fields["slug"]).first()
    if about is None:
        about = add_published(home, StandardPage(show_in_menus=True, **fields))
    return about


def _link_hero(home: HomePage, about: StandardPage) -> None:
    """Each home page's call to action leads to "about" in its own language (if not set)."""
    for page in (home, *HomePage.objects.exclude(pk=home.pk)):
        if page.hero_cta_page_id is None:
            page.hero_cta_page = about.get_translation_or_none(page.locale) or about
            page.save_revision().publish()


def _site_settings(values: dict[str, str]) -> None:
    """The contact e-mail and footer, written only while the contact e-mail is blank."""
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    if not site_settings.contact_email:
        for name, value in values.items():
            setattr(site_settings, name, value)
        site_settings.save()


def _site_texts(texts: dict[str, dict[str, str]]) -> None:
    """The footer and description in each language: a language's row is made once."""
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    for code, values in texts.items():
        locale = Locale.objects.get(language_code=code)
        SiteTexts.objects.get_or_create(settings=site_settings, locale=locale, defaults=values)


def load_feedback(data: dict[str, Any], home: HomePage, en: Locale | None = None) -> FormPage:
    """The published feedback form under `home` and, given `en`, its English translation
    (feedback.yaml's `en`: texts, and labels and choices by field); made once each."""
    page = _feedback(data, home)
    if en is not None and "en" in data:
        _feedback_en(page, data["en"], en)
    return page


def _feedback_en(page: FormPage, data: dict[str, Any], en: Locale) -> FormPage:
    fields = {name: value for name, value in data.items() if name != "fields"}
    translation, created = translated(page, en, fields)
    if created:
        labels = data["fields"]
        for field in translation.form_fields.all():
            spec = labels.get(field.clean_name, {})
            field.label = spec.get("label", field.label)
            if "choices" in spec:
                field.choices = "\n".join(spec["choices"])
            field.save()  # the clean name stays: stored answers keep their keys
    return translation


def _feedback(data: dict[str, Any], home: HomePage) -> FormPage:
    existing = FormPage.objects.child_of(home).filter(slug=data["slug"]).first()
    if existing is not None:
        return existing
    fields = {name: value for name, value in data.items() if name not in {"fields", "en"}}
    page = FormPage(locale=home.locale, **fields)
    page.form_fields = [
        FormField(
            sort_order=order,
            clean_name=field["clean_name"],
            label=field["label"],
            field_type=field["field_type"],
            required=field["required"],
            choices="\n".join(field["choices"]),
        )
        for order, field in enumerate(data["fields"])
    ]
    return add_published(home, page)
