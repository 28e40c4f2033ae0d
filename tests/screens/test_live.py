"""After a refresh, an open wall hears it over the live-map socket: one `screens` frame for each
street, delivered only to the sockets whose jurisdiction covers that street."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from accounts.models import User
from accounts.tokens import issue
from config.asgi import application
from realtime.routing import MAP_PATH
from screens.services import refresh

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture(autouse=True)
def keep_test_transaction_connection(monkeypatch):
    """As in tests/realtime: Channels would close the connection holding the test's transaction."""
    import channels.db

    monkeypatch.setattr(channels.db, "close_old_connections", lambda **kwargs: None)


def socket(username):
    token = issue(user=User.objects.get(username=username))
    path = f"/{MAP_PATH}?token={token.key}"
    return WebsocketCommunicator(application, path, headers=[(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")])


async def drain(ws):
    while not await ws.receive_nothing(0.2):
        await ws.receive_json_from()


def test_a_refresh_reaches_the_walls_of_each_street(django_capture_on_commit_callbacks):
    ws = socket("street007")

    def run_refresh():
        with django_capture_on_commit_callbacks(execute=True):
            refresh()

    async def scenario():
        from channels.db import database_sync_to_async

        assert (await ws.connect())[0]
        await drain(ws)
        await ws.send_json_to({"type": "layers", "layers": ["screens"]})
        await database_sync_to_async(run_refresh)()
        frame = await ws.receive_json_from()
        assert frame["type"] == "screens" and frame["code"] == "320411007000" and frame["refreshed_at"]
        assert await ws.receive_nothing(0.3)  # no other street's frame
        await ws.disconnect()

    async_to_sync(scenario)()
