"""Requests and offers through the API: posting (and who is told), the board, the
permissions matrix, accepting (a conversation opens, the others are declined), putting the
accepted times on the timetable."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from accounts.models import Notification
from learning.schedule.models import Membership, RecurringLesson
from messaging.models import Message, Participant
from messaging.services import block
from tutoring.models import Offer, TutorRequest

from ..factories import StudentFactory
from .conftest import EVENINGS, THU, TUE, make_tutor, request_body


def as_(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def people(tutor_index, subjects, learner):
    maths = [subjects["maths"]]
    return {
        "learner": learner,
        "anna": make_tutor(tutor_index, "Anna", subjects=maths, hours=EVENINGS, price=1500),
        "boris": make_tutor(tutor_index, "Boris", subjects=maths, hours=EVENINGS, price=1900),
        "music": make_tutor(tutor_index, "Music", subjects=[subjects["music"]], hours=EVENINGS),
        "other": StudentFactory(verified=True),
    }


@pytest.fixture
def request_id(people, subjects, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_(people["learner"]).post(
            "/api/requests/", request_body(subjects["maths"]), format="json"
        )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def offer_body(message="Здравствуйте! Начнём с пробного занятия.", price="1500.00"):
    return {
        "message": message,
        "price": price,
        "times": [{"weekday": TUE, "start": "18:00", "end": "19:30"}],
    }


def make_offer(user, request_id, **kwargs):
    response = as_(user).post(
        f"/api/requests/{request_id}/offers/", offer_body(**kwargs), format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_posting_tells_the_best_matching_tutors(people, subjects, settings, request_id):
    told = set(
        Notification.objects.filter(key=f"tutor-request:{request_id}").values_list(
            "user__first_name", flat=True
        )
    )
    assert told == {"Anna", "Boris"}  # the music tutor teaches another subject
    request = as_(people["learner"]).get(f"/api/requests/{request_id}/").json()
    assert request["status"] == "open"
    assert [w["start"] for w in request["windows"]] == ["18:00", "18:00"]


def test_only_the_best_n_are_told(people, subjects, settings, django_capture_on_commit_callbacks):
    settings.REQUESTS_NOTIFY_TUTORS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = as_(people["learner"]).post(
            "/api/requests/", request_body(subjects["maths"]), format="json"
        )
    told = Notification.objects.filter(key=f"tutor-request:{response.json()['id']}")
    assert [n.user.first_name for n in told] == ["Anna"]  # within budget, cheaper


def test_matches_are_the_learners_own(people, request_id):
    response = as_(people["learner"]).get(f"/api/requests/{request_id}/matches/")
    assert response.status_code == 200
    matches = response.json()
    assert [m["title"] for m in matches] == ["Anna", "Boris"]
    assert matches[0]["explanation"] and matches[0]["overlap_minutes"] == 360
    for outsider in ("anna", "other"):
        assert as_(people[outsider]).get(f"/api/requests/{request_id}/matches/").status_code == 404


def test_who_sees_the_request(people, request_id):
    for who in ("learner", "anna", "boris"):
        assert as_(people[who]).get(f"/api/requests/{request_id}/").status_code == 200
    for who in ("music", "other"):
        assert as_(people[who]).get(f"/api/requests/{request_id}/").status_code == 404
    assert APIClient().get(f"/api/requests/{request_id}/").status_code in (401, 403)
    mine = as_(people["learner"]).get("/api/requests/").json()["results"]
    assert [r["id"] for r in mine] == [request_id]
    assert as_(people["anna"]).get("/api/requests/").json()["results"] == []


def test_who_may_offer(people, request_id):
    url = f"/api/requests/{request_id}/offers/"
    refused = as_(people["other"]).post(url, offer_body(), format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_a_tutor")
    assert as_(people["music"]).post(url, offer_body(), format="json").status_code == 404
    make_offer(people["anna"], request_id)
    again = as_(people["anna"]).post(url, offer_body(), format="json")
    assert (again.status_code, again.json()["code"]) == (409, "already_offered")
    outside = as_(people["boris"]).post(
        url,
        {**offer_body(), "times": [{"weekday": 0, "start": "08:00", "end": "09:00"}]},
        format="json",
    )
    assert outside.status_code == 400 and list(outside.json()) == ["times"]
    told = Notification.objects.filter(user=people["learner"], key__startswith="offer:")
    assert told.count() == 1


def test_offers_are_seen_by_the_learner_only(people, request_id):
    anna_offer = make_offer(people["anna"], request_id, message="Anna's secret plan")
    make_offer(people["boris"], request_id, message="Boris's secret plan")
    url = f"/api/requests/{request_id}/offers/"
    offers = as_(people["learner"]).get(url).json()
    assert [o["tutor"]["name"] for o in offers] == ["Anna Tutor", "Boris Tutor"]
    for who in ("anna", "boris", "music", "other"):
        assert as_(people[who]).get(url).status_code == 404
    # The board shows Anna her own offer and nothing of Boris's.
    board = as_(people["anna"]).get("/api/requests/board/")
    assert board.status_code == 200
    (item,) = board.json()["results"]
    assert item["my_offer"]["id"] == anna_offer
    assert "Boris" not in board.content.decode()
    assert as_(people["other"]).get("/api/requests/board/").status_code == 403


def test_accepting_opens_a_conversation_and_declines_the_others(people, request_id):
    anna_offer = make_offer(people["anna"], request_id, message="Начнём во вторник!")
    boris_offer = make_offer(people["boris"], request_id)
    for who in ("anna", "boris", "other"):
        refused = as_(people[who]).post(f"/api/offers/{anna_offer}/accept/")
        assert refused.status_code == 404
    response = as_(people["learner"]).post(f"/api/offers/{anna_offer}/accept/")
    assert response.status_code == 200, response.content
    conversation = response.json()["conversation"]
    assert set(
        Participant.objects.filter(conversation_id=conversation).values_list("user", flat=True)
    ) == {people["learner"].pk, people["anna"].pk}
    first = Message.objects.get(conversation_id=conversation)
    assert (first.author, first.text) == (people["anna"], "Начнём во вторник!")
    assert TutorRequest.objects.get(pk=request_id).status == "closed"
    assert Offer.objects.get(pk=boris_offer).status == "declined"
    assert Notification.objects.filter(user=people["boris"], key=f"offer-declined:{boris_offer}")
    assert Notification.objects.filter(user=people["anna"], key=f"offer-accepted:{anna_offer}")
    late = as_(people["learner"]).post(f"/api/offers/{boris_offer}/accept/")
    assert (late.status_code, late.json()["code"]) == (409, "request_closed")
    withdraw = as_(people["boris"]).post(f"/api/offers/{boris_offer}/withdraw/")
    assert (withdraw.status_code, withdraw.json()["code"]) == (409, "offer_not_pending")
    # A closed request leaves the board.
    assert as_(people["boris"]).get("/api/requests/board/").json()["results"] == []


def test_the_accepted_times_become_a_weekly_rule(people, request_id):
    offer = make_offer(people["anna"], request_id)
    early = as_(people["anna"]).post(f"/api/offers/{offer}/schedule/", {}, format="json")
    assert (early.status_code, early.json()["code"]) == (409, "offer_not_pending")
    as_(people["learner"]).post(f"/api/offers/{offer}/accept/")
    assert as_(people["boris"]).post(f"/api/offers/{offer}/schedule/", {}).status_code == 404
    response = as_(people["anna"]).post(f"/api/offers/{offer}/schedule/", {"weeks": 4})
    assert response.status_code == 200, response.content
    group = response.json()["group"]
    assert list(Membership.objects.filter(group_id=group).values_list("student", flat=True)) == [
        people["learner"].pk
    ]
    (rule,) = RecurringLesson.objects.filter(group_id=group)
    assert (rule.weekday, rule.start_time, rule.end_time) == (TUE, dt.time(18), dt.time(19, 30))
    assert rule.timezone == "Europe/Moscow" and rule.teacher == people["anna"]
    assert (rule.end_date - rule.start_date).days == 27
    again = as_(people["anna"]).post(f"/api/offers/{offer}/schedule/", {})
    assert (again.status_code, again.json()["code"]) == (409, "already_scheduled")


def test_withdrawing_and_closing(people, request_id):
    offer = make_offer(people["anna"], request_id)
    assert as_(people["boris"]).post(f"/api/offers/{offer}/withdraw/").status_code == 404
    response = as_(people["anna"]).post(f"/api/offers/{offer}/withdraw/")
    assert response.json()["status"] == "withdrawn"
    assert as_(people["learner"]).get(f"/api/requests/{request_id}/offers/").json() == []
    boris_offer = make_offer(people["boris"], request_id)
    assert as_(people["anna"]).delete(f"/api/requests/{request_id}/").status_code == 404
    assert as_(people["learner"]).delete(f"/api/requests/{request_id}/").status_code == 204
    assert Offer.objects.get(pk=boris_offer).status == "declined"
    refused = as_(people["anna"]).post(
        f"/api/requests/{request_id}/offers/", offer_body(), format="json"
    )
    # Anna answered, so she still sees it; it takes no more offers.
    assert (refused.status_code, refused.json()["code"]) == (409, "request_closed")
    assert as_(people["anna"]).get("/api/requests/board/").json()["results"] == []


def test_a_bad_request_is_a_field_error(people, subjects):
    body = request_body(subjects["maths"], windows=[])
    response = as_(people["learner"]).post("/api/requests/", body, format="json")
    assert response.status_code == 400 and "windows" in response.json()
    past = request_body(subjects["maths"], start_date="2000-01-01")
    response = as_(people["learner"]).post("/api/requests/", past, format="json")
    assert response.status_code == 400 and "start_date" in response.json()
    overlapping = request_body(
        subjects["maths"],
        windows=[
            {"weekday": THU, "start": "18:00", "end": "20:00"},
            {"weekday": THU, "start": "19:00", "end": "21:00"},
        ],
    )
    response = as_(people["learner"]).post("/api/requests/", overlapping, format="json")
    assert response.status_code == 400 and "windows" in response.json()


def test_a_tutor_lists_the_levels_they_teach(people, request_id):
    """Listing levels changes the level fit: a tutor without the learner's level drops."""
    client = as_(people["anna"])
    assert client.get("/api/tutoring/levels/").json() == {"levels": []}
    response = client.put("/api/tutoring/levels/", {"levels": ["exam", "advanced"]}, format="json")
    assert response.json() == {"levels": ["advanced", "exam"]}
    matches = as_(people["learner"]).get(f"/api/requests/{request_id}/matches/").json()
    assert [m["title"] for m in matches] == ["Boris", "Anna"]
    refused = as_(people["other"]).put("/api/tutoring/levels/", {"levels": []}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (403, "not_a_tutor")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"subject": 2**70}, "subject"),
        ({"budget": "-1"}, "budget"),
        ({"language": "de"}, "language"),
        ({"windows": [{"weekday": 9, "start": "18:00", "end": "19:00"}]}, "windows"),
        ({"windows": [{"weekday": 1, "start": "19:00", "end": "18:00"}]}, "windows"),
        (
            {
                "windows": [
                    {"weekday": d % 7, "start": f"{h:02d}:00", "end": f"{h:02d}:30"}
                    for d in range(7)
                    for h in range(8, 12)
                ]
            },
            "windows",
        ),
        ({"goal": "   "}, "goal"),
    ],
)
def test_odd_input_is_a_field_error(people, subjects, change, field):
    body = {**request_body(subjects["maths"]), **change}
    response = as_(people["learner"]).post("/api/requests/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_a_block_refuses_the_accept_and_changes_nothing(people, request_id):
    """Accepting opens a conversation; a block between the two refuses it, and the request,
    the offers and the notices stay as they were (one transaction)."""
    anna_offer = make_offer(people["anna"], request_id)
    boris_offer = make_offer(people["boris"], request_id)
    block(people["anna"], people["learner"])
    response = as_(people["learner"]).post(f"/api/offers/{anna_offer}/accept/")
    assert response.status_code == 403
    assert TutorRequest.objects.get(pk=request_id).status == "open"
    assert set(Offer.objects.values_list("status", flat=True)) == {"sent"}
    assert not Notification.objects.filter(key=f"offer-declined:{boris_offer}").exists()
