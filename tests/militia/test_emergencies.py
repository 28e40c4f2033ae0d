"""Plans go online and offline; an emergency starts only from an online plan, over a drawn area or a
grid, linked to an event; the militia's tile layers are cut to the jurisdiction."""

import mapbox_vector_tile
import pytest

from geo.tiles.coords import tile_of
from militia.models import Emergency, EmergencyPlan

pytestmark = pytest.mark.django_db


def square(lon, lat, d=0.003):
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]],
    }


def test_a_street_sees_the_districts_plans_but_cannot_take_them_offline(unit, api_as):
    api = api_as(unit.street_op.username)
    plans = api.get("/api/v1/militia/plans?online=true").json()
    assert plans and all(p["owner_code"] == "320411000000" for p in plans)

    assert (
        api.post(f"/api/v1/militia/plans/{plans[0]['id']}/online", {"online": False}, format="json").status_code == 403
    )
    own = api.post(
        "/api/v1/militia/plans", {"title": "三井街道防汛预案", "category": "防汛", "level": "4"}, format="json"
    )
    assert own.status_code == 201 and own.json()["owner_code"] == "320411001000" and own.json()["online"] is False
    assert api.post(f"/api/v1/militia/plans/{own.json()['id']}/online", {"online": True}, format="json").json()[
        "online"
    ]


def test_an_emergency_starts_only_from_an_online_plan(unit, api_as):
    api = api_as("district")
    offline = EmergencyPlan.objects.filter(online=False).first()
    online = EmergencyPlan.objects.filter(online=True).first()
    area = square(unit.lon, unit.lat)

    refused = api.post("/api/v1/militia/emergencies", {"title": "x", "plan": offline.pk, "area": area}, format="json")
    started = api.post(
        "/api/v1/militia/emergencies", {"title": "三井内涝", "plan": online.pk, "area": area}, format="json"
    )

    assert refused.status_code == 409 and refused.json()["field"] == "plan"
    assert started.status_code == 201, started.json()
    props = started.json()["properties"]
    assert props["status"] == "active" and props["level"] == online.level and props["code"].startswith("320411001")
    assert (
        api.post(f"/api/v1/militia/emergencies/{started.json()['id']}/close").json()["properties"]["status"] == "closed"
    )


def test_an_emergency_over_a_grid_takes_the_grids_area_and_links_an_event(unit, api_as):
    from events.services import report_event
    from grids.models import Grid

    grid = Grid.objects.filter(code__startswith="320411001").order_by("code").first()
    event = report_event(
        title="积水",
        description="",
        category="dispute.neighbour",
        lon=unit.lon,
        lat=unit.lat,
        crs="wgs84",
        source="worker",
        reporter=None,
    )
    plan = EmergencyPlan.objects.filter(online=True).first()

    r = api_as(unit.street_op.username).post(
        "/api/v1/militia/emergencies",
        {"title": "网格内涝", "plan": plan.pk, "grid": grid.code, "event": event.pk},
        format="json",
    )

    assert r.status_code == 201, r.json()
    emergency = Emergency.objects.get(pk=r.json()["id"])
    assert emergency.area.equals_exact(grid.geom, 1e-9) and emergency.event_id == event.pk
    other = api_as("street002").get(f"/api/v1/militia/emergencies/{emergency.pk}")
    assert other.status_code == 404


def test_the_militia_tiles_hold_only_the_jurisdictions_companies(unit, client):
    from accounts.models import User

    client.force_login(User.objects.get(username="street002"))
    x, y = tile_of(unit.lon, unit.lat, 12)
    other_street = client.get(f"/tiles/militia/12/{x}/{y}.pbf")
    client.force_login(User.objects.get(username="street001"))
    own_street = client.get(f"/tiles/militia/12/{x}/{y}.pbf")

    assert other_street.status_code == 204 or not any(
        f["properties"]["code"].startswith("320411001")
        for f in mapbox_vector_tile.decode(other_street.content)["militia"]["features"]
    )
    names = {f["properties"]["id"] for f in mapbox_vector_tile.decode(own_street.content)["militia"]["features"]}
    assert unit.company.pk in names
