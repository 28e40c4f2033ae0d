"""The four intakes end to end over HTTP: batch API, OsmAnd (Traccar Client), OwnTracks, GPX."""

import base64
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from django.test import Client

from tracking.models import Device, LatestPosition, Position

pytestmark = pytest.mark.django_db
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def fix_json(p, i=0, **extra):
    return {
        "id": str(uuid.uuid4()),
        "time": (NOW - timedelta(minutes=20 - i)).isoformat(),
        "lon": p.x + i * 1e-5,
        "lat": p.y,
        "accuracy_m": 5,
        **extra,
    }


def test_batch_api_reports_accepted_duplicate_and_rejected_by_index(api_as, worker_device, point_in_own_grid):
    grid, p = point_in_own_grid
    client = api_as(worker_device.user.username)
    batch = [fix_json(p, i) for i in range(5)]
    batch[2]["lat"] = 123
    batch[3]["time"] = (NOW + timedelta(hours=1)).isoformat()

    body = client.post("/api/v1/positions", batch, format="json").json()

    assert body["accepted"] == 3 and body["duplicate"] == 0
    assert [(r["index"], r["field"]) for r in body["rejected"]] == [(2, "lat"), (3, "time")]
    again = client.post("/api/v1/positions", batch, format="json").json()
    assert (again["accepted"], again["duplicate"]) == (0, 3)
    assert Position.objects.filter(user=worker_device.user, grid_id=grid.id).count() == 3


def test_batch_api_refuses_malformed_json_huge_payloads_and_anonymous(api_as, worker_device):
    client = api_as(worker_device.user.username)
    bad = client.generic("POST", "/api/v1/positions", b"[{", content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "body"
    not_a_list = client.post("/api/v1/positions", {"lon": 1}, format="json")
    assert not_a_list.status_code == 400
    huge = client.generic(
        "POST", "/api/v1/positions", b"[" + b" " * (5 * 1024 * 1024) + b"]", content_type="application/json"
    )
    assert huge.status_code == 413 and huge.json()["field"] == "body"
    anonymous = Client().post("/api/v1/positions", "[]", content_type="application/json")
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Token"


def test_gcj02_crs_in_the_batch_api(api_as, worker_device, point_in_own_grid):
    from geo.crs import wgs84_to_gcj02

    _, p = point_in_own_grid
    lon, lat = wgs84_to_gcj02(p.x, p.y)
    api_as(worker_device.user.username).post(
        "/api/v1/positions", [{**fix_json(p), "lon": lon, "lat": lat, "crs": "gcj02"}], format="json"
    )
    assert Position.objects.get(user=worker_device.user).geom.distance(p) < 1e-6


def traccar_client_sequence(device, p, n=3):
    """What Traccar Client sends: one fix per request, parameters in the query string, speed in knots."""
    start = int((NOW - timedelta(minutes=10)).timestamp())
    return [
        f"/osmand/?id={device.identifier}&timestamp={start + 30 * i}&lat={p.y}&lon={p.x + i * 1e-4}"
        f"&speed=1.94384&bearing=90.0&altitude=12.0&accuracy=8.0&batt=76.0&charge=false"
        for i in range(n)
    ]


def test_osmand_query_requests_land_as_fixes_on_the_right_grid(worker_device, point_in_own_grid):
    grid, p = point_in_own_grid
    client = Client()
    for url in traccar_client_sequence(worker_device, p):
        response = client.post(url)
        assert response.status_code == 200 and response.content == b""

    rows = list(Position.objects.filter(device=worker_device).order_by("time"))
    assert len(rows) == 3 and all(r.grid_id == grid.id for r in rows)
    assert rows[0].speed_mps == pytest.approx(1.0, abs=1e-3)
    assert rows[0].battery == pytest.approx(0.76) and rows[0].source == "osmand"
    latest = LatestPosition.objects.get(user=worker_device.user)
    assert latest.time == rows[-1].time


def test_osmand_form_body_and_retries(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    url = traccar_client_sequence(worker_device, p, 1)[0]
    form = url.split("?", 1)[1]
    client = Client()
    assert client.post("/osmand/", form, content_type="application/x-www-form-urlencoded").status_code == 200
    assert client.get(url).status_code == 200  # the same fix again: stored once
    assert Position.objects.filter(device=worker_device).count() == 1


def test_osmand_json_body(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    body = {
        "device_id": worker_device.identifier,
        "location": {
            "timestamp": (NOW - timedelta(minutes=3)).isoformat().replace("+00:00", "Z"),
            "coords": {"latitude": p.y, "longitude": p.x, "accuracy": 5, "speed": 1.5, "heading": 10, "altitude": 3},
            "is_moving": True,
            "battery": {"level": 0.5, "is_charging": True},
            "extras": {},
        },
    }

    response = Client().post("/osmand/", json.dumps(body), content_type="application/json")

    assert response.status_code == 200
    row = Position.objects.get(device=worker_device)
    assert row.speed_mps == pytest.approx(1.5) and row.charging is True


def test_osmand_errors(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    client = Client()
    unknown = client.get(f"/osmand/?id=guessed-id&lat={p.y}&lon={p.x}")
    assert unknown.status_code == 400 and unknown.json()["field"] == "id"
    unknown_json = client.post(
        "/osmand/",
        json.dumps(
            {
                "device_id": "nope",
                "location": {"timestamp": NOW.isoformat(), "coords": {"latitude": p.y, "longitude": p.x}},
            }
        ),
        content_type="application/json",
    )
    assert unknown_json.status_code == 404
    future = client.get(
        f"/osmand/?id={worker_device.identifier}&lat={p.y}&lon={p.x}&timestamp={int(NOW.timestamp()) + 3600}"
    )
    assert future.status_code == 400 and future.json()["field"] == "time"
    swapped = client.get(f"/osmand/?id={worker_device.identifier}&lat={p.x}&lon={p.y}")
    assert swapped.status_code == 400 and swapped.json()["field"] == "lat"
    assert client.get(f"/osmand/?id={worker_device.identifier}&lat=abc&lon={p.x}").status_code == 400
    assert not Position.objects.filter(device=worker_device).exists()


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def test_owntracks_location_lands_and_other_messages_store_nothing(worker_device, point_in_own_grid):
    grid, p = point_in_own_grid
    client = Client()
    auth = basic(worker_device.user.username, worker_device.identifier)
    message = {
        "_type": "location",
        "lat": p.y,
        "lon": p.x,
        "tst": int(NOW.timestamp()) - 60,
        "acc": 10,
        "alt": 5,
        "batt": 80,
        "vel": 36,
        "cog": 180,
        "tid": "w1",
    }

    response = client.post(
        "/owntracks/",
        json.dumps(message),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
        HTTP_X_LIMIT_U=worker_device.user.username,
        HTTP_X_LIMIT_D="phone",
    )

    assert response.status_code == 200 and response.json() == []
    row = Position.objects.get(device=worker_device)
    assert row.grid_id == grid.id and row.speed_mps == pytest.approx(10.0) and row.source == "owntracks"
    for other in ({"_type": "transition", "event": "enter"}, {"_type": "lwt"}):
        r = client.post("/owntracks/", json.dumps(other), content_type="application/json", HTTP_AUTHORIZATION=auth)
        assert r.status_code == 200 and r.json() == []
    assert client.post("/owntracks/", b"", content_type="application/json", HTTP_AUTHORIZATION=auth).json() == []
    assert Position.objects.filter(device=worker_device).count() == 1


def test_owntracks_wrong_password_is_401(worker_device, point_in_own_grid):
    _, p = point_in_own_grid
    message = {"_type": "location", "lat": p.y, "lon": p.x, "tst": int(NOW.timestamp())}
    response = Client().post(
        "/owntracks/",
        json.dumps(message),
        content_type="application/json",
        HTTP_AUTHORIZATION=basic(worker_device.user.username, "guess"),
    )
    assert response.status_code == 401
    assert not Position.objects.exists()


def test_gpx_upload_becomes_fixes(api_as, worker_device, point_in_own_grid):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _, p = point_in_own_grid
    points = "".join(
        f'<trkpt lat="{p.y}" lon="{p.x + i * 1e-4}">'
        f"<time>{(NOW - timedelta(minutes=30 - i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time></trkpt>"
        for i in range(4)
    )
    gpx = (
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>'
        f'{points}<trkpt lat="{p.y}" lon="{p.x}"/></trkseg></trk></gpx>'
    )
    street_op = "street" + worker_device.user.jurisdiction_code[6:9]

    response = api_as(street_op).post(
        "/api/v1/positions/gpx",
        {
            "file": SimpleUploadedFile("track.gpx", gpx.encode(), "application/gpx+xml"),
            "user": worker_device.user.username,
        },
        format="multipart",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["accepted"] == 4 and response.json()["skipped"] == 1
    assert Position.objects.filter(user=worker_device.user, source="gpx").count() == 4
    other_op = "street001" if street_op != "street001" else "street002"
    denied = api_as(other_op).post(
        "/api/v1/positions/gpx",
        {"file": SimpleUploadedFile("t.gpx", gpx.encode()), "user": worker_device.user.username},
        format="multipart",
    )
    assert denied.status_code == 404
    assert Device.objects.filter(user=worker_device.user).count() == 1
