"""Bulk (op 6): a new grid layer for a community applied as one adjustment, with its diff report."""

import json

import pytest

from grids.models import Grid, MicroGrid, Place

pytestmark = pytest.mark.django_db

URL = "/api/v1/adjustments"


def _feature(row, **props) -> dict:
    return {
        "type": "Feature",
        "geometry": json.loads(row.geom.json),
        "properties": {"code": row.code, "name": row.name, **props},
    }


def _layers(community: str):
    """The community's current grid and micro-grid layers, with the last grid's micro-grids split off
    into a new grid (new codes)."""
    grids = list(Grid.objects.filter(code__startswith=community).order_by("code"))
    source = next(g for g in reversed(grids) if g.micro_grids.count() >= 2)
    new_grid = f"{community}{max(int(g.code[12:]) for g in grids) + 1:03d}"
    moved = list(MicroGrid.objects.filter(grid=source).order_by("code"))[1:]
    micro_features = []
    for m in MicroGrid.objects.filter(grid__code__startswith=community).order_by("code"):
        micro_features.append(_feature(m))
    renamed = {}
    for i, m in enumerate(moved, start=1):
        renamed[m.code] = f"{new_grid}{i:03d}"
    for f in micro_features:
        code = f["properties"]["code"]
        if code in renamed:
            f["properties"]["code"] = renamed[code]
    from shapely import union_all
    from shapely.geometry import mapping, shape

    grid_features = [_feature(g) for g in grids]
    kept = [shape(f["geometry"]) for f in micro_features if f["properties"]["code"].startswith(source.code)]
    gone = [shape(f["geometry"]) for f in micro_features if f["properties"]["code"].startswith(new_grid)]
    for f in grid_features:
        if f["properties"]["code"] == source.code:
            f["geometry"] = mapping(union_all(kept))
    grid_features.append(
        {"type": "Feature", "geometry": mapping(union_all(gone)), "properties": {"code": new_grid, "name": "新网格"}}
    )
    fc = lambda features: {"type": "FeatureCollection", "features": features}  # noqa: E731
    return fc(grid_features), fc(micro_features), source.code, new_grid, renamed


def test_a_bulk_layer_is_previewed_with_its_diff_applied_and_reverted(api_as):
    api = api_as("gisadmin")
    community = Grid.objects.order_by("code")[10].code[:12]
    grid_layer, micro_layer, source, new_grid, renamed = _layers(community)
    places = dict(Place.objects.filter(location_code__startswith=source).values_list("id", "location_code"))

    made = api.post(
        URL, {"op": "bulk", "area": community, "grid_layer": grid_layer, "micro_grid_layer": micro_layer}, format="json"
    )

    assert made.status_code == 201, made.json()
    diff = made.json()["preview"]["diff"]
    assert diff["grids"] == {"changed": [source], "appeared": [new_grid], "vanished": []}
    assert set(diff["micro_grids"]["appeared"]) == set(renamed.values())
    assert set(diff["micro_grids"]["vanished"]) == set(renamed)
    code_map = {m["old"]: m["new"] for m in made.json()["preview"]["code_map"]}
    assert all(code_map[old] == new for old, new in renamed.items())

    assert api.post(f"{URL}/{made.json()['id']}/apply").status_code == 200
    assert MicroGrid.objects.filter(grid__code=new_grid).count() == len(renamed)
    moved = Place.objects.filter(pk__in=places, location_code__startswith=new_grid)
    assert moved.count() == sum(1 for code in places.values() if code in renamed)

    assert api.post(f"{URL}/{made.json()['id']}/revert").status_code == 200
    assert dict(Place.objects.filter(pk__in=places).values_list("id", "location_code")) == places


def test_a_bulk_layer_with_a_gap_is_refused_naming_the_grid(api_as):
    community = Grid.objects.order_by("code")[10].code[:12]
    grid_layer, micro_layer, source, _, _ = _layers(community)
    micro_layer["features"] = [f for f in micro_layer["features"] if not f["properties"]["code"].startswith(source)][1:]

    response = api_as("gisadmin").post(
        URL, {"op": "bulk", "area": community, "grid_layer": grid_layer, "micro_grid_layer": micro_layer}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"]
