"""The nearby-forces scan (GET point, POST drawn area): every kind nearest first as PostGIS orders
it in EPSG:4549, members at their fresh fix, cut to the jurisdiction, bad input named."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from militia_support import metres, offset

from militia.models import MilitiaMember
from tracking.fixes import Fix
from tracking.ingest import record_fixes
from tracking.models import Device

pytestmark = pytest.mark.django_db

_SQL = {
    "militia_member": """
        SELECT m.id, ST_Distance(ST_Transform(COALESCE(CASE WHEN lp.time >= %(fresh)s THEN lp.geom END, m.point), 4549),
                                 ST_Transform(ST_GeomFromText(%(target)s, 4326), 4549)) AS d
        FROM militia_militiamember m JOIN militia_militiaorg o ON o.id = m.org_id
        LEFT JOIN tracking_latestposition lp ON lp.user_id = m.user_id
        WHERE m.on_call AND o.location_code LIKE %(prefix)s""",
    "militia_company": """
        SELECT o.id, ST_Distance(ST_Transform(o.point, 4549), ST_Transform(ST_GeomFromText(%(target)s, 4326), 4549))
        FROM militia_militiaorg o WHERE o.level = 'company' AND o.location_code LIKE %(prefix)s""",
    "resource": """
        SELECT r.id, ST_Distance(ST_Transform(r.point, 4549), ST_Transform(ST_GeomFromText(%(target)s, 4326), 4549))
        FROM militia_resource r WHERE r.location_code LIKE %(prefix)s""",
}


def postgis_nearest(kind, target_wkt, radius, prefix, limit):
    sql = f"SELECT * FROM ({_SQL[kind]}) q(id, d) WHERE d <= %(radius)s ORDER BY d, id LIMIT %(limit)s"
    fresh = timezone.now() - timedelta(minutes=30)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, {"target": target_wkt, "radius": radius, "prefix": prefix + "%", "limit": limit, "fresh": fresh}
        )
        return [(pk, round(d, 1)) for pk, d in cursor.fetchall()]


def test_every_kind_comes_nearest_first_as_postgis_orders_it(unit, api_as):
    lon, lat = offset(unit.lon, unit.lat, dx=120, dy=-80)

    body = api_as("district").get(f"/api/v1/forces/nearby?lon={lon}&lat={lat}&radius_m=3000&limit=15").json()

    wkt = f"POINT({lon} {lat})"
    for kind in ("militia_member", "militia_company", "resource"):
        got = [(f["id"], f["distance_m"]) for f in body["forces"] if f["kind"] == kind]
        assert got == postgis_nearest(kind, wkt, 3000, "320411", 15), kind
        assert body["counts"][kind] == len(got) > 0
    distances = [f["distance_m"] for f in body["forces"]]
    assert distances == sorted(distances)
    first = body["forces"][0]
    assert first["distance_m"] == pytest.approx(metres((lon, lat), (first["lon"], first["lat"])), abs=0.5)


def test_a_member_with_a_fresh_fix_stands_where_the_fix_is(unit, api_as):
    member = unit.account
    here = offset(unit.lon, unit.lat, dx=4000)  # far from the registered point, beside the scan's centre
    device = Device.objects.filter(user=member.user).first()
    record_fixes(device, [Fix(time=timezone.now() - timedelta(seconds=30), lon=here[0], lat=here[1])], "test")
    centre = offset(*here, dx=25)

    body = (
        api_as("district")
        .get(f"/api/v1/forces/nearby?lon={centre[0]}&lat={centre[1]}&radius_m=500&kinds=militia_member")
        .json()
    )

    assert body["forces"][0]["id"] == member.pk and body["forces"][0]["live"] is True
    assert body["forces"][0]["distance_m"] == pytest.approx(25, abs=0.5)
    assert body["counts"] == {"militia_member": len(body["forces"])}


def test_members_off_call_are_not_found(unit, api_as):
    MilitiaMember.objects.filter(org__in=[unit.company, *unit.company.children.all()]).update(on_call=False)

    body = (
        api_as("district")
        .get(f"/api/v1/forces/nearby?lon={unit.lon}&lat={unit.lat}&radius_m=100&kinds=militia_member")
        .json()
    )

    assert not {f["id"] for f in body["forces"]} & {m.pk for m in unit.members}


def test_a_drawn_area_finds_what_is_inside_at_zero_then_what_is_around_it(unit, api_as):
    ring = [offset(unit.lon, unit.lat, dx, dy) for dx, dy in ((-300, -300), (300, -300), (300, 300), (-300, 300))]
    area = {"type": "Polygon", "coordinates": [[*map(list, ring), list(ring[0])]]}

    body = (
        api_as("district")
        .post("/api/v1/forces/nearby", {"area": area, "radius_m": 1000, "kinds": ["militia_company"]}, format="json")
        .json()
    )

    companies = body["forces"]
    assert companies[0]["id"] == unit.company.pk and companies[0]["distance_m"] == 0
    wkt = "POLYGON((" + ",".join(f"{x} {y}" for x, y in [*ring, ring[0]]) + "))"
    assert [(c["id"], c["distance_m"]) for c in companies if c["distance_m"] > 0] == [
        row for row in postgis_nearest("militia_company", wkt, 1000, "320411", 20) if row[1] > 0
    ]


def test_a_street_operator_finds_only_their_streets_forces(unit, other_unit, api_as):
    api = api_as(unit.street_op.username)

    body = api.get(f"/api/v1/forces/nearby?lon={other_unit.lon}&lat={other_unit.lat}&radius_m=2000&limit=100").json()

    assert all(f["code"].startswith("320411001") for f in body["forces"])
    assert other_unit.company.pk not in {f["id"] for f in body["forces"] if f["kind"] == "militia_company"}
    # and their phones are masked for a role that does not handle contacts
    analyst = api_as("analyst").get(f"/api/v1/forces/nearby?lon={unit.lon}&lat={unit.lat}&kinds=militia_member")
    assert all("****" in f["phone"] for f in analyst.json()["forces"])


@pytest.mark.parametrize(
    "query, field",
    [
        ("lon=200&lat=31.8", "lon"),
        ("lon=abc&lat=31.8", "lon"),
        ("lon=119.9&lat=31.8&radius_m=50000", "radius_m"),
        ("lon=119.9&lat=31.8&kinds=tanks", "kinds"),
        ("lon=119.9&lat=31.8&crs=epsg:3857", "crs"),
        ("lon=119.9&lat=31.8&limit=0", "limit"),
    ],
)
def test_bad_points_are_400_naming_the_field(api_as, query, field):
    r = api_as("district").get(f"/api/v1/forces/nearby?{query}")

    assert r.status_code == 400 and r.json()["field"] == field


@pytest.mark.parametrize(
    "area, reason",
    [
        ({"type": "Polygon", "coordinates": [[[119.9, 31.8], [120, 31.9], [120, 31.8], [119.9, 31.9], [119.9, 31.8]]]},
         "self"),
        ({"type": "Polygon", "coordinates": [[[119, 31], [121, 31], [121, 33], [119, 33], [119, 31]]]}, "large"),
        ({"type": "Point", "coordinates": [119.9, 31.8]}, "polygon"),
        ("{not json", "json"),
    ],
)  # fmt: skip
def test_bad_areas_are_400_naming_the_area(api_as, area, reason):
    r = api_as("district").post("/api/v1/forces/nearby", {"area": area}, format="json")

    assert r.status_code == 400 and r.json()["field"] == "area", (reason, r.json())
