"""The GIS admin mode of the command map in a real browser: one merge (click two grids, preview,
apply) and one split (click a grid, draw a line with terra-draw, preview, apply); each is then
reverted from the history panel so the database is as it was."""

import pytest

pytestmark = pytest.mark.browser

TIMEOUT = 30_000  # ms


def _merge_case():
    from django.contrib.gis.db.models import Extent
    from django.contrib.gis.db.models.functions import PointOnSurface

    from grids.models import Grid
    from tests.grids.adjust_helpers import adjacent_grids

    keep, other = adjacent_grids()
    rows = Grid.objects.annotate(inside=PointOnSurface("geom")).filter(code__in=[keep, other]).order_by("code")
    points = {g.code: [g.inside.x, g.inside.y] for g in rows}
    extent = Grid.objects.filter(code__in=[keep, other]).aggregate(e=Extent("geom"))["e"]
    return keep, other, points[keep], points[other], list(extent)


def _split_case():
    """A grid that a horizontal line through a point inside cuts into exactly two parts."""
    import shapely
    from django.contrib.gis.db.models.functions import PointOnSurface

    from grids.adjust.geometry import GeometryRefused, split_by_line
    from grids.models import Grid

    for grid in Grid.objects.filter(code__startswith="320411002").annotate(inside=PointOnSurface("geom"))[:40]:
        shape = shapely.from_wkb(bytes(grid.geom.wkb))
        minx, _, maxx, _ = shape.bounds
        y = grid.inside.y
        line = shapely.LineString([(minx - 0.0003, y), (maxx + 0.0003, y)])
        try:
            split_by_line(shape, line, grid.code)
        except GeometryRefused:
            continue
        return grid.code, [[minx - 0.0003, y], [maxx + 0.0003, y]], list(grid.geom.extent)
    raise AssertionError("no grid to split")


def _grid_codes(prefix):
    from grids.models import Grid

    return set(Grid.objects.filter(code__startswith=prefix).values_list("code", flat=True))


def _open_adjust(map_page, extent):
    map_page.evaluate(
        "(b) => window.wangge.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], {padding: 120, duration: 0})", extent
    )
    map_page.wait_idle()
    map_page.page.click("#adj-toggle")
    map_page.page.wait_for_selector("#adjust-panel.open")


def _apply_and_revert(map_page, read_db, check_applied):
    page = map_page.page
    page.click("#adj-preview")
    page.wait_for_selector(".adj-counts", timeout=TIMEOUT)
    page.click("#adj-apply")
    applied = page.wait_for_selector("[data-applied]", timeout=TIMEOUT).get_attribute("data-applied")
    read_db(check_applied)
    page.click(f"[data-revert='{applied}']", timeout=TIMEOUT)
    page.wait_for_selector(f"text=#{applied}", timeout=TIMEOUT)
    page.wait_for_function("(id) => !document.querySelector(`[data-revert='${id}']`)", arg=applied, timeout=TIMEOUT)


def test_merge_then_split_through_the_gis_admin_mode(open_map, read_db, artifacts):
    keep, other, keep_point, other_point, extent = read_db(_merge_case)
    map_page = open_map("gisadmin")
    page = map_page.page
    _open_adjust(map_page, extent)

    page.click("[data-op=merge]")
    map_page.click_map_at(*keep_point)
    page.wait_for_selector(f"#adj-selection [data-code='{keep}']", timeout=TIMEOUT)
    map_page.click_map_at(*other_point)
    page.wait_for_selector(f"#adj-selection [data-code='{other}']", timeout=TIMEOUT)

    def merged():
        codes = _grid_codes(keep[:12])
        assert keep in codes and other not in codes

    _apply_and_revert(map_page, read_db, merged)
    assert other in read_db(lambda: _grid_codes(keep[:12]))
    page.screenshot(path=str(artifacts / "adjust-merge.png"))

    grid, (start, end), extent = read_db(_split_case)
    before = read_db(lambda: _grid_codes(grid[:12]))
    _open_adjust(map_page, extent) if not page.is_visible("#adjust-panel") else map_page.evaluate(
        "(b) => window.wangge.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], {padding: 120, duration: 0})", extent
    )
    map_page.wait_idle()
    page.click("[data-op=split]")
    inside = [(start[0] + end[0]) / 2, start[1]]
    map_page.click_map_at(*inside)
    page.wait_for_selector(f"#adj-selection [data-code='{grid}']", timeout=TIMEOUT)
    page.click("#adj-draw")
    map_page.click_map_at(*start)
    map_page.click_map_at(*end)
    map_page.click_map_at(*end)  # clicking the last point again finishes the line
    page.wait_for_function("() => window.wangge.adjust.line !== null", timeout=TIMEOUT)

    def split():
        after = _grid_codes(grid[:12])
        assert len(after - before) == 1 and grid in after

    _apply_and_revert(map_page, read_db, split)
    assert read_db(lambda: _grid_codes(grid[:12])) == before
    assert not map_page.errors, map_page.errors
