"""The community app's API (``api/urls.py`` includes ``urlpatterns``): the feed, follows and
likes (``feed.py``); video posts for anyone, and posting one (``posts.py``)."""

from . import feed, posts

urlpatterns = [*feed.urlpatterns, *posts.urlpatterns]
