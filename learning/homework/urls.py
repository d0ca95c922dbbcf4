"""Homework pages on the site (under the language prefix)."""

from django.urls import path

from . import views

app_name = "homework"

urlpatterns = [
    path("", views.my_homework, name="mine"),
    path("<id:homework_id>/", views.homework_detail, name="detail"),
    path("<id:homework_id>/start/", views.start, name="start"),
    path("<id:homework_id>/preview/", views.preview, name="preview"),
    path("submissions/<id:submission_id>/", views.submission_detail, name="submission"),
    path("submissions/<id:submission_id>/take/", views.take, name="take"),
    path("submissions/<id:submission_id>/discard/", views.discard, name="discard"),
    path("answers/<id:answer_id>/file/", views.answer_file, name="answer-file"),
    path("review/", views.review_queue, name="review-queue"),
    path("submissions/<id:submission_id>/grade/", views.grade_submission, name="grade"),
]
