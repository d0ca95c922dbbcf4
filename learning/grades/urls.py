"""Gradebooks on the site (under the language prefix, /<lang>/grades/)."""

from django.urls import path

from . import views

app_name = "grades"

urlpatterns = [
    path("", views.index, name="index"),
    path("courses/<id:course_id>/", views.gradebook, name="course"),
    path("courses/<id:course_id>/adjust/", views.adjust, name="course-adjust"),
    path("courses/<id:course_id>/history/", views.history, name="course-history"),
    path("courses/<id:course_id>/export/<str:kind>/", views.export, name="course-export"),
    path("courses/<id:course_id>/scheme/", views.scheme, name="course-scheme"),
    path("groups/<id:group_id>/", views.gradebook, name="group"),
    path("groups/<id:group_id>/adjust/", views.adjust, name="group-adjust"),
    path("groups/<id:group_id>/history/", views.history, name="group-history"),
    path("groups/<id:group_id>/export/<str:kind>/", views.export, name="group-export"),
]
