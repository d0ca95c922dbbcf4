from django.urls import path

from . import views

app_name = "enrollment"

urlpatterns = [
    path("courses/<id:course_id>/enroll/", views.enroll, name="enroll"),
    path("lessons/<id:lesson_id>/complete/", views.complete_lesson, name="complete-lesson"),
]
