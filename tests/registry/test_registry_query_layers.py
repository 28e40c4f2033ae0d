"""The registry's buildings, houses and organisations are analysts' query layers: answered from the
same rows as the registry, cut to the jurisdiction, landlord names and phones masked, and counted per
grid for a choropleth (people per grid through houses' residents)."""

import pytest
from django.db import connection

from registry.models import Building, House

pytestmark = pytest.mark.django_db


def test_buildings_within_a_grid_match_the_registry(api_as, sample):
    body = (
        api_as("district")
        .get("/api/v1/query/within", {"layer": "buildings", "area": sample.own_grid, "limit": 1000})
        .json()
    )
    expected = set(Building.objects.filter(location_code__startswith=sample.own_grid).values_list("code", flat=True))
    assert expected and {f["properties"]["code"] for f in body["features"]} == expected
    houses = {f["properties"]["code"]: f["properties"]["houses"] for f in body["features"]}
    assert houses[sample.building.code] == sample.building.houses.count() > 0


def test_residents_per_grid_sum_to_the_people_living_there(api_as, sample):
    body = (
        api_as("district")
        .get("/api/v1/query/aggregate", {"layer": "houses", "by": "grid", "area": sample.own_grid})
        .json()
    )
    [unit] = [f for f in body["features"] if f["properties"]["code"] == sample.own_grid]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM registry_person p JOIN registry_house h ON h.id = p.house_id"
            " WHERE h.location_code LIKE %s AND p.status = 'active'",
            [sample.own_grid + "%"],
        )
        (people,) = cursor.fetchone()
    assert people > 0
    assert unit["properties"]["count"] == House.objects.filter(location_code__startswith=sample.own_grid).count()
    assert unit["properties"]["residents_sum"] == people


def test_a_street_sees_only_its_own_houses_and_landlords_are_masked(api_as, sample):
    rented = House.objects.filter(location_code__startswith=sample.own_grid).exclude(landlord_phone="").first()
    assert rented is not None, "the registry demo has rented houses with a landlord"
    body = (
        api_as("street001")
        .get("/api/v1/query/within", {"layer": "houses", "area": sample.own_grid, "limit": 1000})
        .json()
    )
    codes = {f["properties"]["location_code"] for f in body["features"]}
    assert codes and all(code.startswith(sample.own_grid) for code in codes)
    everything = api_as("street001").get("/api/v1/query/within", {"layer": "houses", "limit": 1000}).json()
    assert everything["features"]
    assert all(f["properties"]["location_code"].startswith("320411001") for f in everything["features"])
    row = next(f["properties"] for f in body["features"] if f["id"] == rented.pk)
    assert row["landlord_phone"] != rented.landlord_phone and "*" in row["landlord_phone"]
    assert row["landlord_name"] != rented.landlord_name
    other = api_as("street001").get("/api/v1/query/within", {"layer": "buildings", "area": sample.other_grid})
    assert other.status_code == 404  # another street's area is hidden, as everywhere else
