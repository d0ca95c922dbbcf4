"""The comment forms' targets on the site, under the language prefix at /<lang>/homework/
(where they were before the comments app was carved out of learning.homework)."""

from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("comments/add/<slug:kind>/<id:target_id>/", views.add_comment, name="add"),
    path("comments/<id:comment_id>/edit/", views.edit_comment, name="edit"),
    path("comments/<id:comment_id>/delete/", views.delete_comment, name="delete"),
    path("comments/<id:comment_id>/like/", views.like_comment, name="like"),
    path("comments/<id:comment_id>/report/", views.report_comment, name="report"),
    path("comments/<id:comment_id>/hide/", views.hide_comment, name="hide"),
]
