"""The homework API's routes, relative to /api/ (api/urls.py includes them; names in "api:").

Paths:

- courses/{course_id}/lessons/{lesson_id}/assignments/[{id}/] — a lesson's homework;
  assignments/{id}/ is the same homework by id alone (also for homework given to groups
  without a lesson).
- …/assignments/{assignment_id}/submissions/[{id}/] — attempts; submissions/{id}/ by id alone.
- homework/review-queue/ — submitted work waiting for the teacher.

Ids are page ids of one translation: a lesson's homework belongs to that lesson, and a
course id, lesson id or assignment id that does not match the one around it is 404.
Anonymous requests get 401, signed-in people without the right get 403.
"""

from django.urls import path

from .assignments import AssignmentDetailView, AssignmentListView
from .submissions import AnswerFileView, ReviewQueueView, SubmissionDetailView, SubmissionListView

assignment_list = AssignmentListView.as_view()
assignment_detail = AssignmentDetailView.as_view()
submission_list = SubmissionListView.as_view()
submission_detail = SubmissionDetailView.as_view()

nested = "courses/<id:course_id>/lessons/<id:lesson_id>/assignments/"

urlpatterns: list = [
    path(nested, assignment_list, name="lesson-assignments"),
    path(f"{nested}<id:pk>/", assignment_detail, name="lesson-assignment"),
    path(f"{nested}<id:assignment_id>/submissions/", submission_list, name="lesson-submissions"),
    path(
        f"{nested}<id:assignment_id>/submissions/<id:pk>/",
        submission_detail,
        name="lesson-submission",
    ),
    path("assignments/<id:pk>/", assignment_detail, name="assignment"),
    path(
        "assignments/<id:assignment_id>/submissions/",
        submission_list,
        name="assignment-submissions",
    ),
    path(
        "assignments/<id:assignment_id>/submissions/<id:pk>/",
        submission_detail,
        name="assignment-submission",
    ),
    path("submissions/<id:pk>/", submission_detail, name="submission"),
    path(
        "submissions/<id:pk>/files/<id:question_id>/",
        AnswerFileView.as_view(),
        name="submission-file",
    ),
    path("homework/review-queue/", ReviewQueueView.as_view(), name="review-queue"),
]
