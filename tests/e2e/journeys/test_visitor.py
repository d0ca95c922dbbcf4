"""A visitor, signed out: home, the catalog and a filter, a course and its free lesson, the
tutors and a tutor, the blog and a post, search, feedback, and the sign-in and sign-up pages."""

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.journeys, pytest.mark.xdist_group("journeys")]


def test_visitor(journey_factory, demo_site, lang):
    j = journey_factory("visitor", demo_site)
    j.visit("home", f"/{lang}/")
    j.visit("catalog", f"/{lang}/courses/")
    with j.step("filter the catalog to free courses"):
        j.go(f"/{lang}/courses/")
        j.visit("catalog-free", j.first_link(rf"/{lang}/courses/\?(.*&)?free=true(&.*)?", "free"))
        course = j.first_link(rf"/{lang}/courses/[^/?#]+/", "a free course")
        j.visit("course", course)
        j.visit("lesson", j.first_link(rf"{course}[^/?#]+/", "the course's first lesson"))
    j.visit("tutors", f"/{lang}/tutors/")
    with j.step("open a tutor"):
        j.visit("tutor", j.first_link(rf"/{lang}/tutors/[^/?#]+/", "a tutor's page"))
    j.visit("blog", f"/{lang}/blog/")
    with j.step("open a blog post"):
        j.visit("blog-post", j.first_link(rf"/{lang}/blog/[^/?#]+/", "a blog post"))
    j.visit("search", f"/{lang}/search/?q=Python")
    j.visit("feedback", f"/{lang}/feedback/")
    # Sign-in and sign-up live outside the language prefix: the language is the one chosen
    # on the pages above (its cookie) or the browser's.
    j.visit("sign-in", "/accounts/login/")
    j.visit("sign-in-student", "/accounts/enter/student/")
    j.visit("sign-up-teacher", "/accounts/enter/teacher/")
    j.check()
