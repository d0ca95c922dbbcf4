"""Find a tutor (under the language prefix; the lead mounts it at ``requests/``)."""

from django.urls import path

from . import views

app_name = "tutoring"

urlpatterns = [
    path("", views.my_requests, name="mine"),
    path("new/", views.new_request, name="request-new"),
    path("board/", views.board, name="board"),
    path("<id:request_id>/", views.request_detail, name="request"),
    path("<id:request_id>/close/", views.request_close, name="request-close"),
    path("offers/<id:offer_id>/accept/", views.offer_accept, name="offer-accept"),
    path("offers/<id:offer_id>/withdraw/", views.offer_withdraw, name="offer-withdraw"),
    path("offers/<id:offer_id>/schedule/", views.offer_schedule, name="offer-schedule"),
]
