"""Site routes under the language prefix; portal/urls.py includes this module as
``path("cabinet/materials/", include("materials.urls"))``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.mine, name="materials-mine"),
    path("new/", views.new, name="materials-new"),
    path("<id:page_id>/edit/", views.edit, name="materials-edit"),
]
