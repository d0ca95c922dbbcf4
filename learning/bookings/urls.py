from django.urls import path

from . import views

app_name = "bookings"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("tutor/<id:page_id>/", views.book, name="book"),
    path("<id:pk>/<str:action>/", views.act, name="act"),
]
