"""Answers kept for the length of one request: the same question asked by several parts of a
page (is this person enrolled in this course?) costs one query instead of one per asker.

``RequestMemoMiddleware`` opens a memo per request and drops it after; outside a request
(tasks, the shell, tests calling services) nothing is kept. Code that changes a fact a memo
holds calls ``forget(namespace)`` (e.g. from the model's save and delete signals), so a request
that enrolls someone and then renders sees the new enrollment.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[str, dict[Hashable, Any]] | None] = ContextVar("request_memo", default=None)
_request: ContextVar[Any] = ContextVar("memo_request", default=None)


def remembered(namespace: str, key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, asked once per request for each ``(namespace, key)``."""
    memo = _memo.get()
    if memo is None:
        return compute()
    answers = memo.setdefault(namespace, {})
    if key not in answers:
        answers[key] = compute()
    return answers[key]


def forget(namespace: str) -> None:
    """Drop this request's answers in ``namespace``."""
    memo = _memo.get()
    if memo is not None:
        memo.pop(namespace, None)


def current_request():
    """The request being answered, for code that batches its cache reads per request
    (core.cache_reads); None outside one."""
    return _request.get()


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        current = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(current)
            _memo.reset(token)
