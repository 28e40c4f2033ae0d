"""寻访 for the phone (issue 12): the places of the worker's grid by distance and by the days since
the last accepted visit, cut to the jurisdiction; a visit with a photo, retried once."""

import io
from datetime import datetime, timedelta, timezone

import pytest
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from duty_support import lay_fixes, offset
from PIL import Image

from accounts.models import User
from grids.models import Grid
from grids.services import create_place
from tracking.models import Visit

pytestmark = pytest.mark.django_db
PLACES = "/api/v1/visits/places"
NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _inside(grid, lon, lat, metres):
    """A point `metres` from (lon, lat) in some direction, inside the grid."""
    for dx, dy in ((metres, 0), (-metres, 0), (0, metres), (0, -metres)):
        x, y = offset(lon, lat, dx=dx, dy=dy)
        if grid.geom.contains(Point(x, y, srid=4326)):
            return x, y
    raise AssertionError("no point that far inside the grid")


@pytest.fixture
def places(point_in_own_grid, worker_device):
    grid, here = point_in_own_grid
    near = create_place(kind="key_place", name="近处场所", geom=Point(*_inside(grid, here.x, here.y, 40), srid=4326))
    far = create_place(kind="key_place", name="远处场所", geom=Point(*_inside(grid, here.x, here.y, 150), srid=4326))
    Visit.objects.create(
        user=worker_device.user,
        place=near,
        target_kind="place",
        target_id=near.pk,
        time=NOW - timedelta(days=3, hours=1),
        accepted=True,
        location_code=near.location_code,
    )
    return grid, here, near, far


def _photo():
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, "JPEG")
    return SimpleUploadedFile("visit.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_places_by_distance_from_the_worker(places, worker_device, api_as):
    grid, here, near, far = places
    body = api_as(worker_device.user.username).get(PLACES, {"lon": here.x, "lat": here.y}).json()
    assert body["grid"]["code"] == grid.code and body["order"] == "distance"
    ids = [p["id"] for p in body["places"]]
    assert ids.index(near.pk) < ids.index(far.pk)
    by_id = {p["id"]: p for p in body["places"]}
    assert by_id[near.pk]["distance_m"] == pytest.approx(40, abs=1)
    assert by_id[far.pk]["distance_m"] == pytest.approx(150, abs=1)
    distances = [p["distance_m"] for p in body["places"]]
    assert distances == sorted(distances)
    assert all(p["lon"] and p["kind_label"] for p in body["places"])


def test_places_by_days_since_the_last_visit(places, worker_device, api_as):
    _, _, near, far = places
    body = api_as(worker_device.user.username).get(PLACES, {"order": "days"}).json()
    by_id = {p["id"]: p for p in body["places"]}
    assert by_id[near.pk]["days_since_visit"] == 3 and by_id[far.pk]["days_since_visit"] is None
    ids = [p["id"] for p in body["places"]]
    assert ids.index(far.pk) < ids.index(near.pk)  # never visited first
    assert by_id[near.pk]["distance_m"] is None  # no position given


def test_places_are_cut_to_the_jurisdiction(places, worker_device, api_as):
    grid, *_ = places
    other = Grid.objects.exclude(code__startswith=grid.code[:9]).order_by("code").first()
    api = api_as(worker_device.user.username)
    r = api.get(PLACES, {"grid": other.code})
    assert r.status_code == 404 and r.json()["field"] == "grid"
    street_op = User.objects.get(role="street_operator", jurisdiction_code=grid.code[:9] + "000")
    ops = api_as(street_op.username)
    assert ops.get(PLACES).json()["field"] == "grid"  # not a grid member: name one
    assert ops.get(PLACES, {"grid": grid.code}).status_code == 200
    assert api.get(PLACES, {"order": "nearest"}).json()["field"] == "order"
    own = api.get(PLACES).json()["places"]
    assert own and all(p["id"] in set(grid_place_ids(grid)) for p in own)


def grid_place_ids(grid):
    from grids.models import Place

    return Place.objects.filter(location_code__startswith=grid.code).values_list("pk", flat=True)


def test_a_visit_with_a_photo_is_proven_and_stored_once(places, worker_device, api_as):
    _, _, near, _ = places
    at = NOW - timedelta(minutes=5)
    lay_fixes(worker_device, [offset(near.point.x, near.point.y, dx=20)], at - timedelta(minutes=2))
    api = api_as(worker_device.user.username)
    body = {"place": near.pk, "note": "走访", "time": at.isoformat(), "client_id": "visit-1", "photo": _photo()}
    first = api.post("/api/v1/visits", body, format="multipart")
    assert first.status_code == 201, first.json()
    visit = first.json()
    assert visit["accepted"] is True and visit["proof_distance_m"] == pytest.approx(20, abs=1)
    again = api.post("/api/v1/visits", {**body, "photo": _photo()}, format="multipart")
    assert again.json()["id"] == visit["id"]
    assert Visit.objects.filter(user=worker_device.user, note="走访").count() == 1
    photo = api.get(visit["photo_url"])
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    bad = api.post(
        "/api/v1/visits", {"place": near.pk, "photo": SimpleUploadedFile("x.jpg", b"nope")}, format="multipart"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "photo"
    assert Visit.objects.filter(user=worker_device.user).count() == 2  # the seeded one and the first
