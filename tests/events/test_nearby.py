"""Nearby forces (应急指挥) with real LatestPosition rows and duty sessions: nearest first, within
the radius, on duty only, militia companies too, cut to the viewer's jurisdiction; distances checked
against pyproj in EPSG:4549; and dispatching the event to one of them."""

import pytest
import shapely
from django.contrib.gis.geos import Point
from django.utils import timezone
from events_support import offset
from pyproj import Transformer

from events.models import EventAction
from grids.locate import locate_point
from grids.models import GridMember
from militia.models import MilitiaOrg
from militia.units import create_org
from tracking.models import CheckIn, Device, DutySession, LatestPosition

pytestmark = pytest.mark.django_db
_TO_M = Transformer.from_crs(4326, 4549, always_xy=True)


def metres(a, b):
    return shapely.Point(_TO_M.transform(*a)).distance(shapely.Point(_TO_M.transform(*b)))


def place_worker(user, lon, lat, on_duty=True):
    now = timezone.now()
    location = locate_point(lon, lat)
    point = Point(lon, lat, srid=4326)
    device = Device.objects.filter(user=user).first() or Device.objects.create(user=user)
    LatestPosition.objects.create(
        user=user,
        device=device,
        time=now,
        geom=point,
        location_code=location.code if location else "",
        grid_id=location.grid_id if location else None,
    )
    if on_duty:
        checkin = CheckIn.objects.create(
            user=user, kind="in", time=now, geom=point, inside=True, distance_m=0, accepted=True
        )
        DutySession.objects.create(user=user, started_at=now, checkin=checkin)


@pytest.fixture
def forces(site):
    """Six workers of the site's street placed east of the event at known distances; one off duty."""
    users = [
        m.user
        for m in GridMember.objects.filter(grid__code__startswith=site.street_code[:9], role="worker")
        .exclude(user=site.worker)
        .order_by("grid__code")[:6]
    ]
    spots = {users[0]: 300, users[1]: 80, users[2]: 1200, users[3]: 2600, users[4]: 40}
    for user, dx in spots.items():
        place_worker(user, *offset(site.lon, site.lat, dx=dx))
    place_worker(users[5], *offset(site.lon, site.lat, dx=10), on_duty=False)
    return users


def test_the_nearest_on_duty_workers_and_militia_units_come_first(site, forces, new_event, api_as):
    # given a militia company near the event (besides the demo's own)
    town = MilitiaOrg.objects.get(level="street", location_code=site.street_code)
    near = create_org(
        None,
        name="三井民兵应急连",
        level="company",
        parent=town,
        point=Point(*offset(site.lon, site.lat, dy=150), srid=4326),
    )
    event = new_event()

    body = api_as("district").get(f"/api/v1/events/{event.pk}/nearby?radius_m=2000&limit=10").json()

    # then workers within 2 km, on duty, nearest first, with distances as pyproj measures them
    assert [w["id"] for w in body["workers"]] == [forces[4].pk, forces[1].pk, forces[0].pk, forces[2].pk]
    for w in body["workers"]:
        assert w["distance_m"] == pytest.approx(metres((site.lon, site.lat), (w["lon"], w["lat"])), abs=0.5)
    assert [round(w["distance_m"]) for w in body["workers"]] == [40, 80, 300, 1200]
    # and every militia company within 2 km, nearest first
    expected = sorted(
        (metres((site.lon, site.lat), (c.point.x, c.point.y)), c.pk) for c in MilitiaOrg.objects.filter(level="company")
    )
    expected = [pk for d, pk in expected if d <= 2000][:10]
    assert [u["id"] for u in body["militia_units"]] == expected and near.pk in expected
    assert all(
        a["distance_m"] <= b["distance_m"]
        for a, b in zip(body["militia_units"], body["militia_units"][1:], strict=False)
    )


def test_the_limit_and_radius_cut_the_list(site, forces, new_event, api_as):
    event = new_event()

    body = api_as("district").get(f"/api/v1/events/{event.pk}/nearby?radius_m=100&limit=1").json()

    assert [w["id"] for w in body["workers"]] == [forces[4].pk]


def test_a_grid_leader_sees_only_the_forces_inside_their_grid(site, forces, new_event, api_as):
    event = new_event()

    body = api_as(site.leader.username).get(f"/api/v1/events/{event.pk}/nearby?radius_m=3000").json()

    inside = {w["id"] for w in body["workers"]}
    expected = {u.pk for u in forces[:5] if LatestPosition.objects.get(user=u).location_code.startswith(site.grid.code)}
    assert inside == expected and 0 < len(expected) < 5
    assert all(u["code"].startswith(site.grid.code) for u in body["militia_units"])


@pytest.mark.parametrize(
    "query, field",
    [
        ("radius_m=-5", "radius_m"),
        ("radius_m=0", "radius_m"),
        ("radius_m=50000", "radius_m"),
        ("limit=0", "limit"),
        ("radius_m=abc", "radius_m"),
        ("limit=1.5", "limit"),
    ],
)
def test_bad_radius_or_limit_is_400(site, new_event, api_as, query, field):
    event = new_event()

    r = api_as("district").get(f"/api/v1/events/{event.pk}/nearby?{query}")

    assert r.status_code == 400 and r.json()["field"] == field


def test_dispatching_to_the_nearest_worker_hands_them_the_event(site, forces, new_event, api_as):
    event = new_event()
    api = api_as(site.street_op.username)
    nearest = api.get(f"/api/v1/events/{event.pk}/nearby").json()["workers"][0]

    r = api.post(
        f"/api/v1/events/{event.pk}/dispatch",
        {"user": nearest["username"], "version": 1, "note": "就近处置"},
        format="json",
    )

    assert r.status_code == 200, r.json()
    props = r.json()["properties"]
    assert props["handler"] == nearest["id"] and props["status"] == "dispatched" and props["level"] == "grid"
    assert EventAction.objects.filter(event=event, action="dispatch", handler_id=nearest["id"]).exists()
    # the dispatched worker has it on their list and may act on it although it lies outside their grid
    worker = api_as(nearest["username"])
    assert worker.get("/api/v1/todo").json()["assigned"] == 1
    assert (
        worker.post(f"/api/v1/events/{event.pk}/actions", {"action": "accept", "version": 2}, format="json").status_code
        == 200
    )


def test_a_worker_visiting_from_another_street_shows_a_masked_phone(site, other_site, new_event, api_as):
    """Issue 13, item 9: one rule (accounts.privacy.worker_phone) for another street's worker."""
    own, visitor = site.worker, other_site.worker
    type(own).objects.filter(pk__in=[own.pk, visitor.pk]).update(phone="13912345678")
    place_worker(own, *offset(site.lon, site.lat, dx=20))
    place_worker(visitor, *offset(site.lon, site.lat, dx=30))  # inside street 001, from street 002
    event = new_event()
    body = api_as(site.street_op.username).get(f"/api/v1/events/{event.pk}/nearby").json()
    phones = {w["username"]: w["phone"] for w in body["workers"]}
    assert phones[own.username] == "13912345678"
    assert phones[visitor.username] == "139****5678"
