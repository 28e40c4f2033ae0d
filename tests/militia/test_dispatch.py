"""Dispatch and notices: the chosen forces' phones get the notice on their inbox socket after
commit, the command map's street group gets it too, read receipts, and jurisdiction."""

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.core.files.uploadedfile import SimpleUploadedFile
from militia_support import image_bytes

from accounts.tokens import issue
from config.asgi import application
from militia.models import NoticeReceipt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def keep_test_transaction_connection(monkeypatch):
    import channels.db

    monkeypatch.setattr(channels.db, "close_old_connections", lambda **kwargs: None)


def socket(user, path="/ws/inbox/"):
    token = issue(user=user)
    return WebsocketCommunicator(
        application, f"{path}?token={token.key}", headers=[(b"origin", b"http://127.0.0.1"), (b"host", b"127.0.0.1")]
    )


def dispatch(api, unit, forces, **extra):
    body = {"forces": forces, "title": "紧急集结", "body": "到三井桥集合", "lon": unit.lon, "lat": unit.lat, **extra}
    return api.post("/api/v1/forces/dispatch", body, format="json")


def in_one_loop(ws, action, frames=1, skip=0):
    """Connect, skip `skip` frames (snapshots), run the sync `action` in a thread, collect `frames`."""
    from channels.db import database_sync_to_async

    async def scenario():
        assert (await ws.connect())[0]
        for _ in range(skip):
            await ws.receive_json_from(timeout=2)
        result = await database_sync_to_async(action)()
        got = [await ws.receive_json_from(timeout=2) for _ in range(frames)]
        await ws.disconnect()
        return result, got

    return async_to_sync(scenario)()


def test_a_dispatched_member_gets_the_notice_on_their_phone_and_reads_it(
    unit, api_as, django_capture_on_commit_callbacks
):
    phone_user = unit.account.user
    ws = socket(phone_user)
    api = api_as(unit.street_op.username)

    def send():
        with django_capture_on_commit_callbacks(execute=True):
            return dispatch(api, unit, [{"kind": "militia_member", "id": unit.account.pk}])

    r, (frame,) = in_one_loop(ws, send)

    assert r.status_code == 201, r.json()
    assert frame["type"] == "notice" and frame["title"] == "紧急集结" and frame["id"] == r.json()["id"]
    assert frame["forces"][0]["name"] == unit.account.name
    phone = api_as(phone_user.username)
    inbox = phone.get("/api/v1/notices").json()
    assert inbox["unread"] == 1 and inbox["notices"][0]["id"] == r.json()["id"]
    assert phone.post(f"/api/v1/notices/{r.json()['id']}/read").json()["read_at"]
    receipts = api.get(f"/api/v1/notices/{r.json()['id']}/receipts").json()["receipts"]
    assert [(x["user"], bool(x["read_at"])) for x in receipts] == [(phone_user.username, True)]
    assert phone.get("/api/v1/notices?unread=true").json()["unread"] == 0


def test_a_company_is_reached_through_its_members_on_call_and_the_map_sees_it(
    unit, api_as, django_capture_on_commit_callbacks
):
    from accounts.models import User

    ws = socket(User.objects.get(username="street001"), "/ws/map/")
    api = api_as("district")
    forces = [{"kind": "militia_company", "id": unit.company.pk}, {"kind": "resource", "id": _resource_of(unit)}]

    def send():
        with django_capture_on_commit_callbacks(execute=True):
            return dispatch(api, unit, forces)

    r, (frame,) = in_one_loop(ws, send, skip=2)  # after the workers and events snapshots

    assert r.status_code == 201 and r.json()["recipients"] == 1  # the company's one phone account
    assert frame["type"] == "notice" and frame["recipients"] == 1 and frame["code"].startswith("320411001")
    assert [f["kind"] for f in frame["forces"]] == ["militia_company", "resource"]


def _resource_of(unit):
    from militia.models import Resource

    return Resource.objects.filter(location_code__startswith="320411001").values_list("pk", flat=True).first()


def test_a_photo_travels_with_the_notice_and_only_its_readers_see_it(unit, other_unit, api_as):
    photo = SimpleUploadedFile("scene.jpg", image_bytes(), content_type="image/jpeg")
    r = api_as(unit.street_op.username).post(
        "/api/v1/forces/dispatch",
        {
            "forces": f'[{{"kind": "militia_member", "id": {unit.account.pk}}}]',
            "title": "现场照片",
            "photo": photo,
            "area": '{"type": "Polygon", "coordinates": [[[%f, %f], [%f, %f], [%f, %f], [%f, %f]]]}'
            % (unit.lon, unit.lat, unit.lon + 0.002, unit.lat, unit.lon, unit.lat + 0.002, unit.lon, unit.lat),
        },
        format="multipart",
    )

    assert r.status_code == 201, r.json()
    url = r.json()["photo"]
    assert api_as(unit.account.user.username).get(url).status_code == 200
    assert api_as(other_unit.account.user.username).get(url).status_code == 404
    assert api_as(other_unit.street_op.username).get(url).status_code == 404


def test_forces_of_another_street_cannot_be_dispatched(unit, other_unit, api_as):
    r = dispatch(api_as(unit.street_op.username), unit, [{"kind": "militia_member", "id": other_unit.account.pk}])

    assert r.status_code == 404 and r.json()["field"] == "forces[0]"
    assert not NoticeReceipt.objects.filter(user=other_unit.account.user).exists()


@pytest.mark.parametrize(
    "forces, field",
    [
        ([], "forces"),
        ([{"kind": "tank", "id": 1}], "forces"),
        ("nonsense", "forces"),
        ([{"kind": "resource"}], "forces"),
    ],
)
def test_bad_dispatches_are_400(unit, api_as, forces, field):
    r = dispatch(api_as(unit.street_op.username), unit, forces)

    assert r.status_code == 400 and r.json()["field"] == field


def test_a_grid_worker_cannot_dispatch_and_a_resource_alone_reaches_no_phone(unit, api_as):
    from accounts.models import User

    worker = User.objects.filter(role="grid_worker", jurisdiction_code__startswith="320411001").first()
    assert (
        dispatch(api_as(worker.username), unit, [{"kind": "militia_member", "id": unit.account.pk}]).status_code == 403
    )
    only = dispatch(api_as(unit.street_op.username), unit, [{"kind": "resource", "id": _resource_of(unit)}])
    assert only.status_code == 400 and only.json()["field"] == "forces"
