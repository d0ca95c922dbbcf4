"""The ASGI application: Django's views over HTTP, the messages socket over WebSocket.

`runserver` serves it in development (daphne is first in INSTALLED_APPS); in production it runs
under daphne (README.md, "Production"). A socket is signed in by the site's session cookie or,
for API clients, by a JWT access token (``?token=`` or an ``Authorization: Bearer`` header).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

# Django is set up before anything imports models.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from messaging.auth import JWTAuthMiddleware, SameOriginValidator  # noqa: E402
from messaging.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": SameOriginValidator(
            AuthMiddlewareStack(JWTAuthMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)
