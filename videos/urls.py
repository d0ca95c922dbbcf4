"""The video pipeline's site routes; portal/urls.py mounts them at /videos/."""

from django.urls import path

from . import views

app_name = "videos"

urlpatterns = [
    path("media/<id:media_id>/<str:name>", views.output_file, name="file"),
]
