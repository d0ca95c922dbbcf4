"""Site routes of the player: the caption files and the player as a fragment (portal/urls.py
includes these under ``videos/player/`` with the namespace ``video-player``)."""

from django.urls import path

from . import views_captions, views_player

app_name = "video-player"

urlpatterns = [
    path("captions/<id:track_id>.vtt", views_captions.caption_file, name="caption-file"),
    path("media/<id:media_id>/", views_player.player_fragment, name="fragment"),
]
