import pytest
from wagtail.embeds.exceptions import EmbedNotFoundException

from .factories import BlogIndexPageFactory


@pytest.fixture(autouse=True)
def _no_embed_network(monkeypatch):
    """Video embeds would ask YouTube over the network; here the video site is unreachable."""

    def unreachable(url, *args, **kwargs):
        raise EmbedNotFoundException(f"no network in tests: {url}")

    monkeypatch.setattr("wagtail.embeds.embeds.get_embed", unreachable)


@pytest.fixture
def blog(home_page):
    return BlogIndexPageFactory(parent=home_page)
