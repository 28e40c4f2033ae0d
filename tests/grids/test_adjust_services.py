"""Grid adjustments on the demo district: preview writes nothing, apply keeps every level tiled and
re-locates every located row, revert puts everything back; stale previews and blocked reverts."""

import pytest
import shapely
from django.db import connection

from accounts.models import Role, User
from geo.errors import Conflict, Forbidden
from grids.adjust.services import apply, preview, revert
from grids.models import Adjustment, Grid, GridMember, MicroGrid, Place
from tests.grids.adjust_helpers import adjacent_grids, gis_admin, micro_on_border, tiling_errors_m2

pytestmark = pytest.mark.django_db


def _place_codes(prefixes) -> dict[int, str]:
    rows = Place.objects.filter(location_code__regex=r"^(" + "|".join(prefixes) + ")")
    return dict(rows.values_list("id", "location_code"))


def _assert_tiled(communities):
    worst = max(tiling_errors_m2(communities), key=lambda r: max(r[1], r[2]))
    assert worst[1] < 1.0 and worst[2] < 1.0, worst


def _relocated_correctly(ids):
    """Every given place lies in the micro-grid its keys name."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM grids_place p JOIN grids_microgrid m ON m.id = p.micro_grid_id
               WHERE p.id = ANY(%s) AND ST_Covers(m.geom, p.point) AND p.location_code = m.code
               AND p.grid_id = m.grid_id""",
            [list(ids)],
        )
        return cursor.fetchone()[0]


def test_merge_preview_writes_nothing_and_apply_recodes_relocates_and_reverts():
    keep, other = adjacent_grids()
    community = keep[:12]
    places = _place_codes([keep, other])
    in_other = [pk for pk, code in places.items() if code.startswith(other)]
    micro_other = set(MicroGrid.objects.filter(grid__code=other).values_list("code", flat=True))
    assert in_other and micro_other

    adj = preview(gis_admin(), "merge", {"grids": [keep, other], "keep": keep}, "合并测试")

    assert Grid.objects.filter(code=other).exists()
    assert adj.preview["counts"]["places"] == len(in_other)
    assert {m["old"] for m in adj.preview["code_map"]} == micro_other | {other}
    assert {f["properties"]["code"] for f in adj.preview["changes"]["features"]} >= {keep, other}

    applied = apply(gis_admin(), adj.pk)

    assert applied.member_moves["relocated"]["places"] == len(in_other)  # what the preview counted
    assert not Grid.objects.filter(code=other).exists()
    assert not MicroGrid.objects.filter(code__in=micro_other).exists()
    moved = Place.objects.filter(pk__in=in_other)
    assert all(p.location_code.startswith(keep) for p in moved)
    assert _relocated_correctly(places) == len(places)
    _assert_tiled([community])

    revert(gis_admin(), adj.pk)

    assert Grid.objects.filter(code=other).exists()
    assert set(MicroGrid.objects.filter(grid__code=other).values_list("code", flat=True)) == micro_other
    assert _place_codes([keep, other]) == places
    _assert_tiled([community])


def test_split_by_line_makes_a_new_grid_with_the_next_code_and_relocates_its_places():
    grid = Grid.objects.filter(code__startswith="320411").order_by("code")[3]
    shape = shapely.from_wkb(bytes(grid.geom.wkb))
    c, (_, miny, _, maxy) = shape.centroid, shape.bounds
    line = {"type": "LineString", "coordinates": [[c.x, miny - 0.001], [c.x, maxy + 0.001]]}
    places = _place_codes([grid.code])

    adj = apply(gis_admin(), preview(gis_admin(), "split", {"grid": grid.code, "line": line}).pk)

    new = [g for g in adj.after["grids"] if g != grid.code]
    assert len(new) == 1 and new[0][:12] == grid.code[:12]
    assert int(new[0][12:]) > max(
        int(g[12:])
        for g in Grid.objects.filter(code__startswith=grid.code[:12])
        .exclude(code=new[0])
        .values_list("code", flat=True)
    )
    assert _relocated_correctly(places) == len(places)
    assert Place.objects.filter(pk__in=places, location_code__startswith=new[0]).exists()
    _assert_tiled([grid.code[:12]])


def test_migrate_moves_a_micro_grid_to_the_neighbour_with_its_liaison():
    source, target = adjacent_grids()
    micro = micro_on_border(source, target)
    worker = User.objects.filter(role=Role.GRID_WORKER).first()
    liaison = GridMember.objects.create(
        user=worker, grid=Grid.objects.get(code=source), micro_grid=MicroGrid.objects.get(code=micro), role="liaison"
    )

    adj = apply(gis_admin(), preview(gis_admin(), "migrate", {"micro_grids": [micro], "to": target}).pk)

    new_code = adj.heirs["micro_grids"][micro]
    assert new_code.startswith(target)
    assert MicroGrid.objects.get(code=new_code).grid.code == target
    liaison.refresh_from_db()
    assert liaison.grid.code == target
    assert {"user": worker.username, "from": source, "to": target}.items() <= adj.preview["members"][0].items()
    _assert_tiled([source[:12]])


def test_retire_hands_the_area_to_neighbours_and_old_codes_resolve():
    retired, neighbour = adjacent_grids()
    adj = apply(gis_admin(), preview(gis_admin(), "retire", {"grid": retired, "to": [neighbour]}).pk)

    assert not Grid.objects.filter(code=retired).exists()
    assert adj.heirs["grids"][retired] == neighbour
    _assert_tiled([retired[:12]])


def test_reshape_of_two_micro_grids_moves_their_shared_edge():
    a_grid, b_grid = adjacent_grids()
    a = MicroGrid.objects.filter(grid__code=a_grid).order_by("code").first()
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT b.code, ST_AsText(ST_LineMerge(ST_Intersection(ST_Boundary(a.geom), b.geom)))
               FROM grids_microgrid a, grids_microgrid b WHERE a.code = %s AND b.grid_id = a.grid_id
               AND b.code <> a.code AND ST_Length(ST_Intersection(ST_Boundary(a.geom), b.geom)) > 0.0005
               ORDER BY b.code LIMIT 1""",
            [a.code],
        )
        b, shared_wkt = cursor.fetchone()
    shared = shapely.from_wkt(shared_wkt)
    if shared.geom_type != "LineString":
        shared = max(shared.geoms, key=lambda g: g.length)
    p, q = shared.interpolate(0.2, normalized=True), shared.interpolate(0.8, normalized=True)
    # A bulge towards a's inside: the middle point moved 20 m towards a's centroid.
    mid = shared.interpolate(0.5, normalized=True)
    centre = shapely.from_wkb(bytes(a.geom.wkb)).centroid
    dx, dy = centre.x - mid.x, centre.y - mid.y
    k = 0.0002 / max((dx * dx + dy * dy) ** 0.5, 1e-12)
    line = {"type": "LineString", "coordinates": [[p.x, p.y], [mid.x + dx * k, mid.y + dy * k], [q.x, q.y]]}

    adj = apply(gis_admin(), preview(gis_admin(), "reshape", {"a": a.code, "b": b, "line": line}).pk)

    change = {e["code"]: e["change_m2"] for e in adj.preview["areas"]}
    assert change[a.code] < 0 < change[b]
    _assert_tiled([a_grid[:12]])


def test_apply_refuses_a_stale_preview_and_revert_names_a_later_adjustment():
    keep, other = adjacent_grids()
    stale = preview(gis_admin(), "merge", {"grids": [keep, other], "keep": keep})
    Grid.objects.filter(code=other).update(name="改过的名字")
    with pytest.raises(Conflict, match=other):
        apply(gis_admin(), stale.pk)

    first = apply(gis_admin(), preview(gis_admin(), "merge", {"grids": [keep, other], "keep": keep}).pk)
    micro = MicroGrid.objects.filter(grid__code=keep).order_by("code").first()
    second = apply(gis_admin(), preview(gis_admin(), "split", {"grid": keep, "micro_grids": [micro.code]}).pk)
    with pytest.raises(Conflict, match=f"#{second.pk}"):
        revert(gis_admin(), first.pk)
    revert(gis_admin(), second.pk)
    revert(gis_admin(), first.pk)
    assert Adjustment.objects.get(pk=first.pk).status == "reverted"


def test_only_gis_admins_inside_their_jurisdiction_adjust():
    keep, other = adjacent_grids()
    worker = User.objects.filter(role=Role.GRID_WORKER).first()
    with pytest.raises(Forbidden):
        preview(worker, "merge", {"grids": [keep, other], "keep": keep})
    elsewhere = User.objects.create(username="gis2", role=Role.GIS_ADMIN, jurisdiction_code="320411999000")
    with pytest.raises(Forbidden, match=keep):
        preview(elsewhere, "merge", {"grids": [keep, other], "keep": keep})
