"""Homework ("assignments") and submissions over JSON. The rules live in ../services.

Modules: serializers (homework, questions, choices), submission_serializers, assignments and
submissions (the views), urls (the routes). api/urls.py includes this package, which exposes
``urlpatterns`` (see urls.py for the paths).
"""

from .urls import urlpatterns

__all__ = ["urlpatterns"]
