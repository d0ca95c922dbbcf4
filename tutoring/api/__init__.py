"""Tutor requests and offers over JSON (paths relative to /api/; ``api/urls.py`` includes
``urlpatterns``).

    GET/POST    requests/                     the learner's own requests · post one
    GET         requests/board/               open requests in the tutor's subjects
    GET/DELETE  requests/{id}/                one request · its learner closes it
    GET         requests/{id}/matches/        the learner's: tutors ranked, with reasons
    GET/POST    requests/{id}/offers/         the learner's: offers to it · a tutor answers
    POST        offers/{id}/accept/           the learner accepts (a conversation opens)
    POST        offers/{id}/withdraw/         the tutor withdraws a waiting offer
    POST        offers/{id}/schedule/         the tutor puts accepted times on the timetable
    GET/PUT     tutoring/levels/              the levels the tutor teaches (matching)

Every rule is the services' (``tutoring.services``); a request or offer a person may not
see is 404, a refusal is the app's ``DomainError`` answered by ``api.exceptions``.
"""

from django.urls import path

from .views import (
    AcceptOfferView,
    BoardView,
    LevelsView,
    MatchesView,
    RequestDetailView,
    RequestListView,
    RequestOffersView,
    ScheduleOfferView,
    WithdrawOfferView,
)

urlpatterns = [
    path("requests/", RequestListView.as_view(), name="tutor-request-list"),
    path("requests/board/", BoardView.as_view(), name="tutor-request-board"),
    path("requests/<id:request_id>/", RequestDetailView.as_view(), name="tutor-request-detail"),
    path("requests/<id:request_id>/matches/", MatchesView.as_view(), name="tutor-request-matches"),
    path(
        "requests/<id:request_id>/offers/",
        RequestOffersView.as_view(),
        name="tutor-request-offers",
    ),
    path("offers/<id:offer_id>/accept/", AcceptOfferView.as_view(), name="offer-accept"),
    path("offers/<id:offer_id>/withdraw/", WithdrawOfferView.as_view(), name="offer-withdraw"),
    path("offers/<id:offer_id>/schedule/", ScheduleOfferView.as_view(), name="offer-schedule"),
    path("tutoring/levels/", LevelsView.as_view(), name="tutor-levels"),
]
