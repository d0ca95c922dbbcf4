"""Registry: who else may upload videos, beside teachers and editors.

A higher app that lets other people post videos (``materials``: members' free materials)
registers its rule in ``AppConfig.ready()``; the uploads then accept those people too.
"""

from __future__ import annotations

from collections.abc import Callable

_rules: list[Callable[[object], bool]] = []


def register(rule: Callable[[object], bool]) -> None:
    if rule not in _rules:
        _rules.append(rule)


def allowed_by_others(user) -> bool:
    return any(rule(user) for rule in _rules)
