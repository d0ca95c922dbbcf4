"""Grades over JSON: the gradebook of a course or a group (read, export), overrides, excuses,
their history, the scheme and a learner's own grades. api/urls.py includes ``urlpatterns``."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "courses/<id:course_id>/gradebook/",
        views.CourseGradebookView.as_view(),
        name="course-gradebook",
    ),
    path(
        "courses/<id:course_id>/gradebook/export/",
        views.CourseExportView.as_view(),
        name="course-gradebook-export",
    ),
    path(
        "courses/<id:course_id>/gradebook/overrides/",
        views.OverrideView.as_view(),
        name="course-gradebook-override",
    ),
    path(
        "courses/<id:course_id>/gradebook/excuses/",
        views.ExcuseView.as_view(),
        name="course-gradebook-excuse",
    ),
    path(
        "courses/<id:course_id>/gradebook/history/",
        views.CourseHistoryView.as_view(),
        name="course-gradebook-history",
    ),
    path(
        "courses/<id:course_id>/grading-scheme/",
        views.SchemeView.as_view(),
        name="course-grading-scheme",
    ),
    path("courses/<id:course_id>/grades/mine/", views.MyGradesView.as_view(), name="my-grades"),
    path(
        "groups/<id:group_id>/gradebook/",
        views.GroupGradebookView.as_view(),
        name="group-gradebook",
    ),
    path(
        "groups/<id:group_id>/gradebook/export/",
        views.GroupExportView.as_view(),
        name="group-gradebook-export",
    ),
    path(
        "groups/<id:group_id>/gradebook/history/",
        views.GroupHistoryView.as_view(),
        name="group-gradebook-history",
    ),
]
