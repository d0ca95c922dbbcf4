"""A socket lives no longer than what signed it in: a JWT socket is closed (4401) when the
token expires; any socket is closed on its next ping once the person is deactivated, signs out
everywhere or changes password (README.md, "Messages over WebSocket")."""

import time

import pytest
from channels.db import database_sync_to_async

from accounts import services as accounts_services
from accounts.tokens import RefreshToken
from messaging.consumers import NOT_SIGNED_IN

from .test_socket import (
    connect,
    layer,  # noqa: F401 - the fixture, on both channel layers
    run,
    session_cookie,
    socket,
)

pytestmark = pytest.mark.django_db


def short_token(user, seconds: int = 2) -> str:
    """An access token (with the credentials stamp) that expires ``seconds`` from now."""
    access = RefreshToken.for_user(user).access_token
    access["exp"] = int(time.time()) + seconds  # whole seconds, as JWTs carry it
    return str(access)


async def closed_with(communicator, timeout: float) -> int | None:
    output = await communicator.receive_output(timeout=timeout)
    assert output["type"] == "websocket.close", output
    return output.get("code")


def test_a_token_socket_is_closed_when_the_token_expires(layer, learner):  # noqa: F811
    token = short_token(learner, seconds=2)
    lasting = str(RefreshToken.for_user(learner).access_token)  # the usual 15 minutes

    async def scenario():
        expiring = socket(query=f"?token={token}")
        await connect(expiring)
        other = socket([(b"authorization", f"Bearer {lasting}".encode())])
        await connect(other)
        # Nothing is sent on it: only the token's expiry can close it (within 2 s).
        assert await closed_with(expiring, timeout=5) == NOT_SIGNED_IN
        await expiring.disconnect()  # the application ends (and with it the timer)
        # The socket with a valid token stays open and answers.
        await other.send_json_to({"type": "ping"})
        assert await other.receive_json_from(timeout=5) == {"type": "pong"}
        await other.disconnect()

    run(scenario)


def test_a_session_socket_has_no_token_deadline(layer, client, learner):  # noqa: F811
    headers = session_cookie(client, learner)

    async def scenario():
        tab = socket(headers)
        await connect(tab)
        assert await tab.receive_nothing(timeout=0.3)
        await tab.disconnect()  # the consumer ends cleanly: no timer left behind

    run(scenario)


@pytest.mark.parametrize("how", ["deactivated", "signed_out_everywhere", "new_password"])
def test_a_ping_closes_the_socket_of_someone_no_longer_signed_in(
    layer,  # noqa: F811
    client,
    learner,
    how,
):
    token = str(RefreshToken.for_user(learner).access_token)
    session_headers = session_cookie(client, learner)

    def end_sign_in():
        if how == "deactivated":
            learner.is_active = False
            learner.save(update_fields=["is_active"])
        elif how == "signed_out_everywhere":
            accounts_services.sign_out_everywhere(learner)
        else:
            learner.set_password("a-new-password-42")
            learner.save(update_fields=["password"])

    async def scenario():
        by_token = socket(query=f"?token={token}")
        by_session = socket(session_headers)
        for tab in (by_token, by_session):
            await connect(tab)
            await tab.send_json_to({"type": "ping"})
            assert await tab.receive_json_from(timeout=5) == {"type": "pong"}
        await database_sync_to_async(end_sign_in)()
        for tab in (by_token, by_session):
            await tab.send_json_to({"type": "ping"})
            assert await closed_with(tab, timeout=5) == NOT_SIGNED_IN
            await tab.disconnect()

    run(scenario)
