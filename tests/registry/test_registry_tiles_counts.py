"""Building and special-group tiles (jurisdiction and role cut) and counts per area."""

import mapbox_vector_tile
import pytest
from django.test import Client

from geo.tiles.coords import tile_of
from registry.models import AreaCount, GroupMembership, Person


def session_as(username):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def tile_at(client, layer, point, z):
    x, y = tile_of(point.x, point.y, z)
    return client.get(f"/tiles/{layer}/{z}/{x}/{y}.pbf")


def test_building_tiles_are_cut_to_the_street(sample):
    own = tile_at(session_as("street001"), "buildings", sample.building.point, 16)
    other = tile_at(session_as("street001"), "buildings", sample.other_building.point, 16)

    features = mapbox_vector_tile.decode(own.content)["buildings"]["features"]
    assert sample.building.code in {f["properties"]["code"] for f in features}
    assert other.status_code == 204
    assert tile_at(session_as("street001"), "buildings", sample.building.point, 14).status_code == 204  # from z15


def test_special_groups_layer_by_role(sample):
    m = (
        GroupMembership.objects.current()
        .filter(location_code__startswith=sample.own_grid, kind__category="special")
        .select_related("person__house")
        .first()
    )
    if m is None:
        pytest.skip("no special-group member in the sample")
    point = m.person.house.point

    analyst = tile_at(session_as("analyst"), "special_groups", point, 15)
    worker = tile_at(session_as("w0010010011"), "special_groups", point, 15)

    assert analyst.status_code == 403
    features = mapbox_vector_tile.decode(worker.content)["special_groups"]["features"]
    assert m.pk in {f["properties"]["id"] for f in features}
    assert not {"name", "person_id"} & set(features[0]["properties"])


def test_counts_per_grid_match_the_rows_and_are_cut(sample, api_as):
    rows = api_as("street001").get("/api/v1/registry/counts", {"by": "grid"}).json()["results"]

    by_code = {r["code"]: r for r in rows}
    people = Person.objects.filter(location_code__startswith=sample.own_grid, status="active").count()
    assert by_code[sample.own_grid]["people"] == people
    assert sample.other_grid not in by_code and all(code.startswith("320411001") for code in by_code)
    assert "special" in rows[0]
    analyst = api_as("analyst").get("/api/v1/registry/counts", {"by": "street"}).json()["results"]
    assert "special" not in analyst[0] and sum(r["people"] for r in analyst) == sum(
        AreaCount.objects.values_list("people", flat=True)
    )
