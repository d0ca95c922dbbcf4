"""A tutor's page header: the photo (or initial) beside the name, and the ways to reach them."""

import pytest

from .factories import TutorPageFactory

pytestmark = pytest.mark.django_db


def header(html: str) -> str:
    return html.split('<header class="tutor-head">')[1].split("</header>")[0]


def test_book_leads_to_the_free_slots_and_message_to_a_conversation(client, tutor_index):
    tutor = TutorPageFactory(parent=tutor_index, title="Марат Хасанов")
    head = header(client.get(tutor.url).content.decode())
    assert f'href="/ru/bookings/tutor/{tutor.pk}/" data-testid="tutor-book"' in head
    message_url = f"/ru/cabinet/messages/to/{tutor.user.public_id}/"
    assert f'href="{message_url}" data-testid="tutor-message"' in head
    assert "Записаться на урок" in head and "Написать репетитору" in head


def test_the_tutor_does_not_get_a_button_to_message_themselves(client, tutor_index):
    tutor = TutorPageFactory(parent=tutor_index)
    client.force_login(tutor.user)
    head = header(client.get(tutor.url).content.decode())
    assert "tutor-message" not in head


def test_a_tutor_without_a_photo_gets_initials_beside_the_name(client, tutor_index):
    tutor = TutorPageFactory(parent=tutor_index, title="Ольга Лебедева", photo=None)
    head = header(client.get(tutor.url).content.decode())
    media, rest = head.split('<div class="tutor-title">')
    assert 'data-testid="media-fallback">ОЛ<' in media
    assert "<h1>Ольга Лебедева</h1>" in rest  # the name is not squeezed into the photo column
