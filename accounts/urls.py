"""Sign-in screens, outside the language prefix so OAuth callback URLs stay fixed."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("enter/<str:role>/", views.enter, name="enter"),
    path("enter/<str:role>/social/<str:provider>/", views.social_start, name="social-start"),
]
