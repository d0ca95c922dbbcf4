"""Site routes of uploads, under the language prefix; portal/urls.py includes this module as
``path("cabinet/videos/", include("videos.upload_urls"))`` in its i18n_patterns."""

from django.urls import path

from . import views_new_video

urlpatterns = [
    path("new/", views_new_video.new_video, name="videos-new"),
]
