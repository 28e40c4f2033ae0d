"""The command map in a real browser: it renders offline, search flies to a grid, a click shows
the chain, a street operator's map holds only their street, and a phone can use it."""

import pytest

pytestmark = pytest.mark.browser

STREET001 = "320411001"


def _grid_facts(code=None):
    """A grid (the given one, or one with micro-grids in 三井街道) with its chain and a point inside."""
    from django.contrib.gis.db.models.functions import PointOnSurface

    from grids.models import Grid, MicroGrid

    if code is None:
        with_micro_grids = Grid.objects.filter(code__startswith=STREET001, micro_grids__isnull=False)
        code = with_micro_grids.values_list("code", flat=True).distinct().order_by("code")[3]
    grid = Grid.objects.select_related("street", "community").annotate(inside=PointOnSurface("geom")).get(code=code)
    micro = MicroGrid.objects.filter(grid=grid, geom__covers=grid.inside).first()
    return {
        "code": grid.code,
        "name": grid.name,
        "bbox": list(grid.geom.extent),
        "point": [grid.inside.x, grid.inside.y],
        "chain": {
            "street": grid.street.name,
            "community": grid.community.name,
            "grid": grid.name,
            "micro_grid": micro.name if micro else None,
        },
    }


def _district_extent():
    from django.conf import settings

    from geo.models import AdminArea

    return list(AdminArea.objects.get(code=settings.DISTRICT_CODE + "000000").geom.extent)


def _chain_shown(map_page) -> dict:
    map_page.page.wait_for_selector("#info-chain li[data-level]")
    return map_page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('#info-chain li')]
        .map(li => [li.dataset.level, li.querySelector('.chain-name').textContent]))""")


def test_district_map_renders_offline_without_errors(open_map, read_db, artifacts):
    map_page = open_map("district")

    assert 200 in map_page.tile_statuses("areas")
    assert map_page.evaluate("window.wangge.map.loaded()")
    assert map_page.errors == []
    assert map_page.non_local_requests() == []
    # Labels are drawn from local fonts: the style names no glyph server, yet every street is labelled.
    assert map_page.evaluate("window.wangge.map.getStyle().glyphs") is None
    street_labels = map_page.evaluate(
        "window.wangge.map.queryRenderedFeatures({layers: ['areas-street-label']}).length"
    )
    assert street_labels == 10
    # The first view holds the user's whole jurisdiction.
    west, south, east, north = read_db(_district_extent)
    view = map_page.evaluate("window.wangge.map.getBounds().toArray().flat()")
    assert view[0] <= west and view[1] <= south and view[2] >= east and view[3] >= north
    legend = map_page.page.locator("#layer-list .kind-row .kind-name").all_inner_texts()
    assert [text.strip() for text in legend] == [
        "学校",
        "医院",
        "设施部件",
        "重点场所",
        "宗教场所",
        "金融网点",
        "民兵组织",
        "装备仓库",
        "应急避难场所",
    ]
    map_page.page.screenshot(path=artifacts / "map-district.png")


def test_search_by_code_flies_to_the_grid_and_shows_its_chain(open_map, read_db):
    map_page = open_map("district")
    grid = read_db(lambda: _grid_facts("320411001002002"))

    map_page.page.fill("#search-input", grid["code"])
    result = map_page.page.locator(".search-result", has=map_page.page.locator(".result-code", has_text=grid["code"]))
    result.first.click()
    map_page.wait_idle()

    lon, lat = map_page.evaluate("window.wangge.map.getCenter().toArray()")
    west, south, east, north = grid["bbox"]
    assert west <= lon <= east and south <= lat <= north
    chain = _chain_shown(map_page)
    assert chain["grid"] == grid["name"]
    assert chain["community"] == grid["chain"]["community"]
    assert chain["street"] == grid["chain"]["street"]
    assert map_page.errors == []


def test_clicking_a_grid_shows_street_community_grid_and_micro_grid(open_map, read_db):
    map_page = open_map("district")
    grid = read_db(_grid_facts)
    # Places off, so an icon cannot take the click.
    map_page.page.uncheck("input[name=layer-places]")
    map_page.evaluate(
        "(b) => window.wangge.map.fitBounds(b, {padding: 40, duration: 0})", [grid["bbox"][:2], grid["bbox"][2:]]
    )
    map_page.wait_idle()
    assert map_page.evaluate("window.wangge.map.getZoom()") >= 14, "micro-grids are drawn from z14"

    map_page.click_map_at(*grid["point"])

    chain = _chain_shown(map_page)
    expected = {level: name for level, name in grid["chain"].items() if name}
    assert {level: chain.get(level) for level in expected} == expected
    assert map_page.errors == []


def test_street_operator_map_holds_only_their_street(open_map, read_db):
    map_page = open_map("street001")
    west, south, east, north = read_db(_district_extent)
    map_page.evaluate(
        "(b) => { const m = window.wangge.map; m.fitBounds(b, {padding: 0, duration: 0}); "
        "if (m.getZoom() < 11) m.setZoom(11); }",
        [[west, south], [east, north]],
    )
    map_page.wait_idle()

    codes = {
        source: map_page.evaluate(
            "(s) => window.wangge.map.querySourceFeatures(s, {sourceLayer: s}).map(f => f.properties.code)", source
        )
        for source in ("grids", "areas")
    }
    assert codes["grids"], "the street's grids are on the map"
    assert all(code.startswith(STREET001) for code in codes["grids"])
    assert all(code.startswith(STREET001) for code in codes["areas"])
    assert map_page.errors == []


def test_phone_width_keeps_the_map_and_toggles_the_panels(open_map, artifacts):
    map_page = open_map("district", width=390, height=844, is_mobile=True, has_touch=True)
    page = map_page.page

    box = page.locator("#map").bounding_box()
    assert box["width"] == 390 and box["height"] > 700
    assert page.locator("#search-input").is_visible()
    layers, info = page.locator("#layers-panel"), page.locator("#info-panel")
    assert not layers.is_visible() and not info.is_visible()
    page.screenshot(path=artifacts / "map-phone.png")

    page.click("[data-toggle=layers-panel]")
    assert layers.is_visible()
    sheet = layers.bounding_box()
    assert sheet["y"] + sheet["height"] == pytest.approx(844, abs=1), "a bottom sheet"
    page.screenshot(path=artifacts / "map-phone-layers.png")
    page.click("#layers-panel [data-close=layers-panel]")
    assert not layers.is_visible()

    page.click("[data-toggle=info-panel]")
    assert info.is_visible() and not layers.is_visible()
    page.click("#info-panel [data-close=info-panel]")
    assert not info.is_visible()

    # A tap on the map opens the details sheet.
    page.locator("#map").tap(position={"x": 195, "y": 420})
    page.wait_for_selector("#info-panel .info-entity")
    assert info.is_visible()
    assert map_page.errors == []
    assert map_page.non_local_requests() == []
