"""Django Channels: the WebSocket side (messages in real time) and its channel layer.

Without a Redis address (the embedded default, `make run`) the layer lives in the process's
memory: enough for one development server. With CHANNELS_REDIS_URL (else REDIS_URL, which
production requires) every server process shares it through Redis (channels-redis).
"""

from .environment import env

ASGI_APPLICATION = "portal.asgi.application"

# Two of channels-redis' defaults do not hold under load (docs/benchmarks.md, "Messages over
# the socket"), and one of redis-py 8's breaks every idle socket:
# - a socket waits for its next event with a blocking BZPOPMIN of 5 seconds, and redis-py 8
#   times a read out after 5 seconds by default: every idle socket was torn down (1011) about
#   every 5 seconds (django/channels_redis#422). Reads now wait longer than the pop.
# - redis-py 8's pool refuses a 101st connection at once (MaxConnectionsError) instead of
#   waiting: a daphne whose sockets all connect or leave together (a restart, a network blip)
#   crashed consumers mid group_add/group_discard.
# - every socket of one daphne shares one queue in Redis, and group_send silently drops an
#   event once 100 wait there: a busy daphne lost messages (a group message is one event per
#   participant: "message.new" to the conversation and "unread" to each person).
CHANNELS_REDIS_SOCKET_TIMEOUT = 15  # seconds
CHANNELS_REDIS_MAX_CONNECTIONS = 1000  # per process
CHANNELS_REDIS_CAPACITY = 1000  # events waiting per daphne process (and per socket)


def redis_channel_layer(url: str, prefix: str) -> dict:
    """The channel layer on Redis at ``url`` (also used by the benches' settings)."""
    return {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": url,
                    "socket_timeout": CHANNELS_REDIS_SOCKET_TIMEOUT,
                    "max_connections": CHANNELS_REDIS_MAX_CONNECTIONS,
                }
            ],
            "prefix": prefix,
            "capacity": CHANNELS_REDIS_CAPACITY,
        },
    }


CHANNELS_REDIS_URL = env.str("CHANNELS_REDIS_URL", default="") or env.str("REDIS_URL", default="")
if CHANNELS_REDIS_URL:
    CHANNEL_LAYERS = {"default": redis_channel_layer(CHANNELS_REDIS_URL, "ustat")}
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
