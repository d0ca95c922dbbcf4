"""The PayPal SDK client and how every call to PayPal is made.

The SDK's configuration pointed at PAYPAL_API_BASE (``_Configuration``), the OAuth token kept
per app and process (``_token_provider``, ``_forget_token``), the configured client
(``_client``), one SDK call with its errors turned into GatewayError and a refused token
replaced once (``_call``), and PayPal's name for what went wrong (``_issue``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from typing import TYPE_CHECKING, Any

import requests
from apimatic_core.exceptions.auth_validation_exception import AuthValidationException
from paypalserversdk.configuration import Configuration, Environment, Server
from paypalserversdk.exceptions.api_exception import ApiException
from paypalserversdk.http.auth.o_auth_2 import ClientCredentialsAuthCredentials
from paypalserversdk.paypal_serversdk_client import PaypalServersdkClient

from ...errors import GatewayError
from .settings import SANDBOX_API_BASE, api_base, client_id, client_secret

if TYPE_CHECKING:
    from collections.abc import Callable

    from paypalserversdk.models.o_auth_token import OAuthToken


logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20
NETWORK_RETRIES = 2  # safe for POSTs too: every write carries a PayPal-Request-Id
TOKEN_CLOCK_SKEW_SECONDS = 60  # renew the OAuth token a minute before PayPal expires it


class _Configuration(Configuration):
    """The SDK's configuration, sending every request to ``api_base``.

    The SDK picks its origin from a fixed table of two environments (live and sandbox). Both
    are mapped here to the configured origin, so PAYPAL_API_BASE decides (the sandbox, or a
    local stand-in in tests) while the SDK's request, auth and error code runs as shipped.
    """

    def __init__(self, *, api_base: str, **kwargs: Any) -> None:
        self.environments = {env: {Server.DEFAULT: api_base} for env in Environment}
        super().__init__(**kwargs)


# OAuth tokens live about nine hours; one is kept per app (origin, id, secret) and process
# instead of being asked for before every call.
_tokens: dict[tuple[str, str, str], OAuthToken] = {}
_tokens_lock = threading.Lock()


def _token_provider(key: tuple[str, str, str]) -> Callable[[Any, Any], OAuthToken]:
    def provide(_last: OAuthToken | None, auth: Any) -> OAuthToken:
        with _tokens_lock:
            token = _tokens.get(key)
            if token is None or auth.is_token_expired(token):
                try:
                    token = auth.fetch_token()
                except ApiException as error:
                    # Said here: the SDK's own provider would turn it into a vague
                    # "token is undefined" on the call that needed it.
                    logger.warning("PayPal refused the app's credentials: %s", error)
                    raise GatewayError("PayPal refused the app's credentials") from error
                _tokens[key] = token
            return token

    return provide


def _forget_token() -> None:
    """PayPal no longer takes the kept token (revoked, the app's secret rotated)."""
    with _tokens_lock:
        _tokens.pop(_app_key(), None)


def _app_key() -> tuple[str, str, str]:
    return (api_base(), client_id(), hashlib.sha256(client_secret().encode()).hexdigest())


def _client() -> PaypalServersdkClient:
    if not (client_id() and client_secret()):
        raise GatewayError("PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET are not set")
    base = api_base()
    config = _Configuration(
        api_base=base,
        # Only picks a row of the table above (both rows are ``base``); named right anyway.
        environment=Environment.SANDBOX if base == SANDBOX_API_BASE else Environment.PRODUCTION,
        timeout=TIMEOUT_SECONDS,
        max_retries=NETWORK_RETRIES,
        backoff_factor=0.5,
        retry_methods=["GET", "POST"],
        client_credentials_auth_credentials=ClientCredentialsAuthCredentials(
            o_auth_client_id=client_id(),
            o_auth_client_secret=client_secret(),
            o_auth_token_provider=_token_provider(_app_key()),
            o_auth_clock_skew=TOKEN_CLOCK_SKEW_SECONDS,
        ),
    )
    return PaypalServersdkClient(config=config)


def _issue(error: ApiException) -> str:
    """PayPal's name for what went wrong: the first detail's issue (ORDER_ALREADY_CAPTURED),
    else the error's name."""
    try:
        data = json.loads(error.response.text or "{}")
    except (ValueError, AttributeError):
        return ""
    if not isinstance(data, dict):
        return ""
    details = data.get("details")
    if isinstance(details, list) and details and isinstance(details[0], dict):
        return str(details[0].get("issue") or "")
    return str(data.get("name") or data.get("error") or "")


def _call(
    what: str, endpoint: Callable[[PaypalServersdkClient], Callable[[dict], Any]], options: dict
) -> dict[str, Any]:
    """Make one SDK call; PayPal's JSON answer as a dict (read as sent, field names as
    PayPal's documentation spells them). A kept token PayPal turns away (401) is dropped
    and the call made once more with a new one (safe: writes carry their request id)."""
    for attempt in (1, 2):
        try:
            response = endpoint(_client())(options)
            data = json.loads(response.text or "{}")
        except ApiException as error:
            if error.response_code == 401 and attempt == 1:
                _forget_token()
                continue
            logger.warning("PayPal %s failed: %s %s", what, error.response_code, _issue(error))
            raise GatewayError(f"PayPal {what} failed: {_issue(error) or error.reason}") from error
        except (AuthValidationException, requests.RequestException, ValueError) as error:
            logger.warning("PayPal %s failed: %s", what, error)
            raise GatewayError(f"PayPal {what} failed") from error
        if not isinstance(data, dict):
            raise GatewayError(f"PayPal {what}: unexpected answer")
        return data
    raise AssertionError("unreachable")
