"""Site routes of the courses app (its pages are Wagtail's): the media library's files."""

from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("<id:media_id>/<str:filename>", views.media_file, name="media-file"),
]
