"""Placeholder views: the homework pages are being built (see urls.py for the names)."""

from django.http import Http404


def homework_detail(request, homework_id):
    raise Http404


def preview(request, homework_id):
    raise Http404


def submission_detail(request, submission_id):
    raise Http404


def review_queue(request):
    raise Http404


def grade_submission(request, submission_id):
    raise Http404
