"""An applied grid adjustment tells the open maps of its area to reload their tiles, at once."""

import pytest
from asgiref.sync import async_to_sync

from accounts.models import User
from grids.adjust.services import apply, preview
from tests.grids.adjust_helpers import adjacent_grids
from tests.realtime.test_map_socket import receive_snapshot, socket

pytestmark = pytest.mark.django_db(transaction=False)


def test_an_applied_merge_sends_areas_changed_to_the_streets_maps_only(django_capture_on_commit_callbacks):
    keep, other = adjacent_grids()
    admin = User.objects.get(username="gisadmin")
    adjustment = preview(admin, "merge", {"grids": [keep, other], "keep": keep})
    street = keep[6:9]
    elsewhere = "001" if street != "001" else "002"
    mine, theirs = socket(f"street{street}"), socket(f"street{elsewhere}")

    def do_apply():
        with django_capture_on_commit_callbacks(execute=True):
            apply(admin, adjustment.pk)

    async def scenario():
        from channels.db import database_sync_to_async

        for ws in (mine, theirs):
            assert (await ws.connect())[0]
            await receive_snapshot(ws)
        await database_sync_to_async(do_apply)()
        frame = await mine.receive_json_from()
        while frame["type"] == "positions":  # the ticker's frames may come first
            frame = await mine.receive_json_from()
        assert frame["type"] == "areas_changed" and frame["adjustment"] == adjustment.pk
        assert set(frame["codes"]) == {keep, other} and "grids" in frame["layers"]
        others = []  # other frames (positions flushed by the ticker) may reach it; never this one
        while not await theirs.receive_nothing(0.3):
            others.append((await theirs.receive_json_from())["type"])
        assert "areas_changed" not in others
        for ws in (mine, theirs):
            await ws.disconnect()

    async_to_sync(scenario)()
