"""The feed and its buttons (under the language prefix; ``portal.urls`` mounts it at
``feed/``)."""

from django.urls import path

from . import views

app_name = "community"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("videos/<id:post_id>/like/", views.like, name="like"),
    path("tutors/<id:tutor_id>/follow/", views.follow, name="follow"),
]
