"""The site pages: "Find me a tutor", the learner's request with matches and offers side by
side, a tutor's offer form and the "Requests" board (at /<lang>/requests/)."""

import pytest
from django.urls import reverse

from messaging.models import Conversation
from tutoring.models import Offer, TutorRequest

from ..factories import StudentFactory
from .conftest import EVENINGS, make_tutor, next_monday, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(tutor_index, subjects):
    return make_tutor(tutor_index, "Anna", subjects=[subjects["maths"]], hours=EVENINGS)


def test_a_learner_posts_a_request_from_the_form(client, learner, subjects, anna):
    client.force_login(learner)
    url = reverse("tutoring:request-new")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "subject": subjects["maths"].pk,
            "level": "beginner",
            "goal": "Разобраться с дробями",
            "format": "one_to_one",
            "budget": "2000",
            "currency": "RUB",
            "language": "ru",
            "start_date": next_monday().isoformat(),
            "timezone": "Europe/Moscow",
            "day_1": "18:00-21:00",
        },
    )
    request = TutorRequest.objects.get(learner=learner)
    assert response.status_code == 302
    assert response["Location"] == reverse("tutoring:request", kwargs={"request_id": request.pk})
    page = client.get(response["Location"])
    assert [m.tutor for m in page.context["matches"]] == [anna]
    assert "Anna" in page.content.decode()


def test_a_request_without_times_is_refused_on_the_form(client, learner, subjects):
    client.force_login(learner)
    response = client.post(
        reverse("tutoring:request-new"),
        {
            "subject": subjects["maths"].pk,
            "level": "beginner",
            "goal": "Разобраться с дробями",
            "format": "one_to_one",
            "currency": "RUB",
            "language": "ru",
            "start_date": next_monday().isoformat(),
            "timezone": "Europe/Moscow",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["day_0"]
    assert not TutorRequest.objects.exists()


def test_a_tutor_offers_from_the_board_and_the_learner_accepts(client, learner, subjects, anna):
    request = post(learner, subjects["maths"])
    client.force_login(anna)
    board = client.get(reverse("tutoring:board"))
    assert [r.pk for r in board.context["page"]] == [request.pk]
    url = reverse("tutoring:request", kwargs={"request_id": request.pk})
    response = client.post(
        url,
        {"message": "Начнём!", "price": "1500", "currency": "RUB", "time_1": "18:00-19:00"},
    )
    assert response.status_code == 302, response.context["form"].errors
    offer = Offer.objects.get(tutor=anna)
    client.force_login(learner)
    page = client.get(url)
    assert [o.pk for o in page.context["offers"]] == [offer.pk]
    accept = reverse("tutoring:offer-accept", kwargs={"offer_id": offer.pk})
    answer = client.post(accept)
    offer.refresh_from_db()
    assert offer.status == "accepted"
    conversation = Conversation.objects.get(pair_key__isnull=False)
    assert answer["Location"] == reverse(
        "cabinet:conversation", kwargs={"conversation_id": conversation.pk}
    )  # the learner lands in the conversation with the tutor
    client.force_login(anna)
    board = client.get(reverse("tutoring:board"))
    assert list(board.context["accepted"]) == [offer]


def test_others_do_not_see_a_request_page(client, learner, subjects, anna):
    request = post(learner, subjects["maths"])
    client.force_login(StudentFactory(verified=True))
    url = reverse("tutoring:request", kwargs={"request_id": request.pk})
    assert client.get(url).status_code == 404
