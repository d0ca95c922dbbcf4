"""Site routes of the player: the caption files (portal/urls.py includes these under
``videos/player/`` with the namespace ``video-player``)."""

from django.urls import path

from . import views_captions

app_name = "video-player"

urlpatterns = [
    path("captions/<id:track_id>.vtt", views_captions.caption_file, name="caption-file"),
]
