"""Home's featured sections come from a registry the apps above it fill in when they start."""

from home import featured


def test_courses_register_the_home_pages_featured_sections():
    assert {"featured_courses", "featured_tutors"} <= set(featured._providers)


def test_a_registered_section_lands_in_the_context_under_its_name(monkeypatch):
    monkeypatch.setattr(featured, "_providers", {})
    featured.register("featured_things", lambda locale: [locale, "thing"])
    assert featured.sections("ru") == {"featured_things": ["ru", "thing"]}
