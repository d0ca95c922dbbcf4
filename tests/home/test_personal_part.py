"""{% personal_part %}: a part of a page rendered for its signed-in reader, kept about them
(core.personal) with a fresh CSRF token on every request."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import CsrfViewMiddleware, _unmask_cipher_token
from django.template import RequestContext, Template
from django.test import RequestFactory

from core import personal

from ..factories import StudentFactory

pytestmark = pytest.mark.django_db

PART = Template(
    '{% load parts %}{% personal_part "test" shown also=counter %}'
    '<form method="post">{% csrf_token %}</form><p>{{ value }}</p>{% endpersonal_part %}'
)


def render(user, value, shown=1, counter="test:counter", path="/ru/cabinet/"):
    request = RequestFactory().get(path)
    request.user = user
    CsrfViewMiddleware(lambda r: None).process_request(request)
    html = PART.render(
        RequestContext(request, {"value": value, "shown": shown, "counter": counter})
    )
    return request, html


def token_in(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_part_is_kept_for_the_reader_with_each_requests_own_token():
    from django.middleware.csrf import get_token

    learner = StudentFactory()
    first_request, first = render(learner, "первое")
    second_request, second = render(learner, "второе")
    assert "<p>первое</p>" in first and "<p>первое</p>" in second  # kept
    for request, html in ((first_request, first), (second_request, second)):
        token = token_in(html)
        assert "stand-in" not in html
        # The token is the one this request's CSRF check accepts.
        assert _unmask_cipher_token(token) == _unmask_cipher_token(get_token(request))
    _request, other = render(StudentFactory(), "другое")
    assert "<p>другое</p>" in other  # another person's own
    _request, changed = render(learner, "новое", shown=2)  # what the clock decided changed
    assert "<p>новое</p>" in changed
    personal.changed([learner.pk])
    assert "<p>после</p>" in render(learner, "после", shown=2)[1]
    from core import generations

    generations.bump("test:counter")
    assert "<p>счётчик</p>" in render(learner, "счётчик", shown=2)[1]
    assert "<p>адрес</p>" in render(learner, "адрес", shown=2, path="/en/cabinet/")[1]


def test_visitors_get_the_part_rendered():
    assert "<p>раз</p>" in render(AnonymousUser(), "раз")[1]
    assert "<p>два</p>" in render(AnonymousUser(), "два")[1]
