"""Militia units and emergency resources are analysts' query layers: the nearest resources to a point
with distances, capacity summed per street, phones masked, and a street cut to its own rows."""

import pytest
from django.db import connection

from militia.models import Resource

pytestmark = pytest.mark.django_db


def test_nearest_resources_come_in_distance_order_with_masked_phones(api_as, unit):
    body = (
        api_as("district")
        .get("/api/v1/query/nearest", {"layer": "resources", "lon": unit.lon, "lat": unit.lat, "k": 5})
        .json()
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM militia_resource ORDER BY point_m <-> ST_Transform(ST_SetSRID(ST_MakePoint(%s, %s), 4326),"
            " 4549) LIMIT 5",
            [unit.lon, unit.lat],
        )
        expected = [row[0] for row in cursor.fetchall()]
    assert expected and [f["id"] for f in body["features"]] == expected
    distances = [f["properties"]["distance_m"] for f in body["features"]]
    assert distances == sorted(distances)
    phones = {f["id"]: f["properties"]["phone"] for f in body["features"]}
    for resource in Resource.objects.filter(pk__in=expected).exclude(phone=""):
        assert phones[resource.pk] != resource.phone


def test_capacity_per_street_and_the_street_cut(api_as, unit):
    body = api_as("district").get("/api/v1/query/aggregate", {"layer": "resources", "by": "street"}).json()
    sums = {f["properties"]["code"]: f["properties"].get("capacity_sum") for f in body["features"]}
    expected = sum(r.capacity or 0 for r in Resource.objects.filter(location_code__startswith=unit.street_code[:9]))
    assert sums[unit.street_code[:9] + "000"] == expected
    client = api_as(unit.street_op.username)
    units = client.get("/api/v1/query/within", {"layer": "militia_units", "limit": 1000}).json()
    codes = {f["properties"]["location_code"] for f in units["features"]}
    assert unit.company.location_code in codes and all(c.startswith(unit.street_code[:9]) for c in codes)
