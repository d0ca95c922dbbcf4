from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("", views.learner, name="learner"),
    path("teaching/", views.teaching, name="teaching"),
    path("course/<id:pk>/", views.course, name="course"),
    path("school/", views.school, name="school"),
]
