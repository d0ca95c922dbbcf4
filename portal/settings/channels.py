"""Django Channels: the WebSocket side (messages in real time) and its channel layer.

Without a Redis address (the embedded default, `make run`) the layer lives in the process's
memory: enough for one development server. With CHANNELS_REDIS_URL (else REDIS_URL, which
production requires) every server process shares it through Redis (channels-redis).
"""

from .environment import env

ASGI_APPLICATION = "portal.asgi.application"

CHANNELS_REDIS_URL = env.str("CHANNELS_REDIS_URL", default="") or env.str("REDIS_URL", default="")
if CHANNELS_REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [CHANNELS_REDIS_URL], "prefix": "ustat"},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
