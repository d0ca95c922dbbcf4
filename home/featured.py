"""The home page's featured sections (popular courses, tutors, reviews), filled by other apps.

Home sits below the apps that own that content, so it cannot import them: each registers a
provider here from its ``AppConfig.ready()`` (``register("featured_courses", ...)``), and the
home page puts what every provider returns for its language into its context under that name.
"""

from __future__ import annotations

from collections.abc import Callable

from wagtail.models import Locale

Provider = Callable[[Locale], list]

_providers: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Show ``provider(locale)`` on the home page as the context variable ``name``."""
    _providers[name] = provider


def sections(locale: Locale) -> dict[str, list]:
    """Each registered section's items for this language (empty ones are hidden)."""
    return {name: provider(locale) for name, provider in _providers.items()}
