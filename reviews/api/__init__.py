"""Reviews over JSON (paths relative to /api/; ``api/urls.py`` includes ``urlpatterns``).

    GET/POST          courses/{id}/reviews/      a course's published reviews (every
                                                 translation's) · write one
    GET/POST          tutors/{id}/reviews/       a tutor's (the id of their tutor page, as in
                                                 /api/tutors/) · write one
    GET/PATCH/DELETE  reviews/{id}/              one review · its author edits or deletes it
    POST/PATCH/DELETE reviews/{id}/reply/        the teacher's one reply: write, edit, delete
    POST              reviews/{id}/report/       report a published review

Lists are published reviews only, ``?order=newest|highest|lowest`` and ``?stars=1…5``,
paginated, in a fixed number of queries. Every rule (who may write, edit, reply, report) is
the services' (``reviews.services``); a refusal is their ``DomainError`` (403 with what to do
first, 409 for a second review or report), answered by ``api.exceptions``.
"""

from django.urls import path

from .views import (
    CourseReviewsView,
    ReviewDetailView,
    ReviewReplyView,
    ReviewReportView,
    TutorReviewsView,
)

urlpatterns = [
    path("courses/<id:course_id>/reviews/", CourseReviewsView.as_view(), name="course-review-list"),
    path("tutors/<id:tutor_id>/reviews/", TutorReviewsView.as_view(), name="tutor-review-list"),
    path("reviews/<id:review_id>/", ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<id:review_id>/reply/", ReviewReplyView.as_view(), name="review-reply"),
    path("reviews/<id:review_id>/report/", ReviewReportView.as_view(), name="review-report"),
]
