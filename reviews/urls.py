"""The review forms on the site, under the language prefix at /<lang>/reviews/."""

from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("write/<id:page_id>/", views.write, name="write"),
    path("<id:review_id>/edit/", views.edit, name="edit"),
    path("<id:review_id>/delete/", views.delete, name="delete"),
    path("<id:review_id>/reply/", views.reply, name="reply"),
    path("<id:review_id>/reply/delete/", views.delete_reply, name="reply-delete"),
    path("<id:review_id>/report/", views.report, name="report"),
]
