"""The community app's services, by concern:

- ``follows``: follow and unfollow a tutor (the tutor's account, through a page of theirs).
- ``likes``: like, unlike and toggle a video post; the count moves under the post's lock.
- ``feed``: the feed's order (followed, recommended, the rest; newest or popular with decay).
- ``posts``: video posts for anyone (by tutor or tag), one post with what it plays.
- ``stats``: each post's figures row; the comment count's hook.
- ``notices``: batched like notices, new-post notices, the followers' digest.
"""

from .feed import SORTS, feed, feed_preview, feed_queryset, load, ordered_ids, popularity
from .follows import (
    follow,
    followers_count,
    follows_of,
    is_following,
    published_tutor,
    unfollow,
)
from .likes import LikeState, has_liked, like, live_post, set_like, toggle_like, unlike
from .notices import notify_followers, notify_likes, send_post_digests
from .posts import Playback, post_ids, read_post
from .stats import add_comments, ensure_stats, recount_comments, set_comment_count, sync_posts

__all__ = [
    "Playback",
    "post_ids",
    "read_post",
    "SORTS",
    "LikeState",
    "add_comments",
    "ensure_stats",
    "feed",
    "feed_preview",
    "feed_queryset",
    "follow",
    "followers_count",
    "follows_of",
    "has_liked",
    "is_following",
    "like",
    "live_post",
    "load",
    "ordered_ids",
    "notify_followers",
    "notify_likes",
    "popularity",
    "published_tutor",
    "recount_comments",
    "send_post_digests",
    "set_comment_count",
    "set_like",
    "sync_posts",
    "toggle_like",
    "unfollow",
    "unlike",
]
