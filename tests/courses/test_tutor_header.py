"""A tutor's page header: the photo (or initial) beside the name, and the ways to reach them."""

import pytest

from ..home.test_form_page import FormPageFactory
from .factories import TutorPageFactory

pytestmark = pytest.mark.django_db


def header(html: str) -> str:
    return html.split('<header class="tutor-head">')[1].split("</header>")[0]


def test_book_and_message_lead_to_the_feedback_form(client, home_page, tutor_index):
    feedback = FormPageFactory(parent=home_page)
    tutor = TutorPageFactory(parent=tutor_index, title="Марат Хасанов")
    head = header(client.get(tutor.url).content.decode())
    assert f'href="{feedback.url}" data-testid="tutor-book"' in head
    assert f'href="{feedback.url}" data-testid="tutor-message"' in head
    assert "Записаться на урок" in head and "Написать" in head


def test_no_feedback_form_no_dead_buttons(client, tutor_index):
    tutor = TutorPageFactory(parent=tutor_index)
    head = header(client.get(tutor.url).content.decode())
    assert "tutor-book" not in head and "tutor-message" not in head


def test_a_tutor_without_a_photo_gets_initials_beside_the_name(client, tutor_index):
    tutor = TutorPageFactory(parent=tutor_index, title="Ольга Лебедева", photo=None)
    head = header(client.get(tutor.url).content.decode())
    media, rest = head.split('<div class="tutor-title">')
    assert 'data-testid="media-fallback">ОЛ<' in media
    assert "<h1>Ольга Лебедева</h1>" in rest  # the name is not squeezed into the photo column
