"""Groups, the calendar and lesson pages (under the language prefix).

A lesson's page is addressed by its occurrence key as is: ``lesson:12`` for a stored lesson,
``rule:5:2026-12-07`` for a weekly lesson's date (``reverse("schedule:lesson",
kwargs={"key": occurrence.key})``); colons are allowed in a path segment.
"""

from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("availability/", views.availability, name="availability"),
    path("lessons/new/", views.lesson_create, name="lesson-create"),
    path("rules/new/", views.rule_create, name="rule-create"),
    path("lessons/<str:key>/", views.lesson, name="lesson"),
    path("lessons/<str:key>/start/", views.lesson_start, name="lesson-start"),
    path("lessons/<str:key>/cancel/", views.lesson_cancel, name="lesson-cancel"),
    path("lessons/<str:key>/attendance/", views.attendance, name="attendance"),
    path("lessons/<str:key>/weekly/", views.rule_edit, name="rule-edit"),
    path("groups/", views.groups, name="groups"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<id:group_id>/", views.group_detail, name="group"),
    path("groups/<id:group_id>/edit/", views.group_edit, name="group-edit"),
    path("groups/join/", views.group_join_with_code, name="group-join"),
    path("groups/<id:group_id>/invitations/", views.group_invite, name="group-invite"),
    path("groups/<id:group_id>/join-code/", views.group_join_code, name="group-join-code"),
    path(
        "groups/<id:group_id>/students/<id:student_id>/remove/",
        views.group_remove_student,
        name="group-remove-student",
    ),
    path(
        "invitations/<id:invitation_id>/answer/",
        views.invitation_answer,
        name="invitation-answer",
    ),
    path(
        "invitations/<id:invitation_id>/revoke/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("join/<str:code>/", views.join, name="join"),
    path("recordings/<id:recording_id>/", views.recording, name="recording"),
    path("feed/revoke/", views.feed_revoke, name="feed-revoke"),
    path("feed/delete/", views.feed_delete, name="feed-delete"),
]
