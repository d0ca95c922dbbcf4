"""Who a socket belongs to, and where it may come from.

- ``JWTAuthMiddleware``: an API client signs its socket in with an access token, as the API
  does (``accounts.tokens.JWTAuthentication``: a token from before a password change or
  "sign out everywhere" is refused): ``?token=<access>`` or ``Authorization: Bearer <access>``.
  A token that does not check out leaves the socket anonymous (refused by the consumer), even
  if a session cookie came along. A token that does puts its expiry (``exp``, seconds since
  the epoch) into the scope as ``token_expires``: the consumer closes the socket then, as the
  token would no longer be accepted by the API. Without a token the session decides
  (AuthMiddlewareStack) and the scope has no ``token_expires``.
- ``SameOriginValidator``: a browser always sends ``Origin``; one naming another site is refused
  (no cross-site socket riding on the visitor's cookie). Clients that are not browsers send
  none and authenticate with a token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.security.websocket import OriginValidator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError

from accounts.tokens import JWTAuthentication


def _token(scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            kind, _, raw = value.decode("latin-1").partition(" ")
            if kind.lower() == "bearer" and raw.strip():
                return raw.strip()
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    tokens = query.get("token")
    return tokens[0] if tokens else None


@database_sync_to_async
def user_for_token(raw: str) -> tuple[Any, float | None]:
    """(the person, the token's expiry in seconds since the epoch); (anonymous, None) if the
    token does not check out."""
    authentication = JWTAuthentication()
    try:
        token = authentication.get_validated_token(raw)
        user = authentication.get_user(token)
    except (InvalidToken, TokenError, AuthenticationFailed):
        return AnonymousUser(), None
    if not user.is_active:
        return AnonymousUser(), None
    return user, float(token["exp"])  # simplejwt refuses a token without one


class JWTAuthMiddleware:
    def __init__(self, inner) -> None:
        self.inner = inner

    async def __call__(self, scope, receive, send):
        raw = _token(scope)
        if raw is not None:
            user, expires = await user_for_token(raw)
            scope = dict(scope, user=user, token_expires=expires)
        return await self.inner(scope, receive, send)


class SameOriginValidator(OriginValidator):
    def __init__(self, application) -> None:
        super().__init__(application, settings.ALLOWED_HOSTS)

    def valid_origin(self, parsed_origin) -> bool:
        if parsed_origin is None:  # not a browser
            return True
        if settings.DEBUG and parsed_origin.hostname in {"localhost", "127.0.0.1", "[::1]"}:
            return True
        self.allowed_origins = settings.ALLOWED_HOSTS  # read each time (settings may change)
        return super().valid_origin(parsed_origin)
