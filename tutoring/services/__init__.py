"""Find a tutor: every rule once, for the API, the pages and Celery.

- ``requests``: post, read, the tutors' board, close, expire.
- ``offers``: make, withdraw, list for the learner, accept, put on the timetable.
- ``matching``: tutors ranked for a request, with their reasons.
- ``levels``: the levels a tutor says they teach.
"""

from .levels import levels_of, set_levels
from .matching import Match, match
from .offers import (
    accept_offer,
    accepted_offers,
    get_offer,
    make_offer,
    offers_for,
    own_offer,
    request_to_answer,
    schedule_from_offer,
    withdraw_offer,
)
from .requests import (
    WeeklyTime,
    close_request,
    expire_requests,
    get_request,
    matches_for,
    notify_matching_tutors,
    post_request,
    request_posted,
    requests_board,
    requests_of,
)

__all__ = [
    "Match",
    "WeeklyTime",
    "accept_offer",
    "accepted_offers",
    "own_offer",
    "close_request",
    "expire_requests",
    "get_offer",
    "get_request",
    "levels_of",
    "make_offer",
    "match",
    "matches_for",
    "notify_matching_tutors",
    "offers_for",
    "post_request",
    "request_posted",
    "request_to_answer",
    "requests_board",
    "requests_of",
    "schedule_from_offer",
    "set_levels",
    "withdraw_offer",
]
