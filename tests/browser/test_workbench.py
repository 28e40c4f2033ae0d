"""The analysts' workbench in Chromium: one drawn polygon query (its matches listed and highlighted
equal the query API's answer for that polygon) and one choropleth (legend, chart, shaded units)."""

import json

import pytest

pytestmark = pytest.mark.browser


def _within(read_db, polygon):
    def query():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM grids_place WHERE ST_Intersects(geom, ST_SetSRID(ST_GeomFromGeoJSON(%s), 4326))",
                [json.dumps(polygon)],
            )
            return cursor.fetchone()[0]

    return read_db(query)


def _place_count():
    from grids.models import Place

    return Place.objects.count()


def test_drawn_query_and_choropleth(open_map, read_db):
    page = open_map("analyst").page
    page.goto(page.url.rstrip("/") + "/analysis/")
    page.wait_for_selector("body[data-ready=true]", timeout=60_000)
    page.select_option("#wb-layer", "places")
    page.check("input[name=shape][value=polygon]")
    box = page.locator("#wb-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in ((-120, -90), (110, -80), (130, 100), (-100, 110)):
        page.mouse.click(cx + dx, cy + dy)
    page.click("#wb-finish")
    page.click("#wb-run")
    page.wait_for_function("() => document.body.dataset.result === 'within'", timeout=30_000)
    polygon = page.evaluate("() => window.wangge.workbench.drawing.state.polygon")
    expected = _within(read_db, polygon)
    assert expected > 0
    assert page.locator("#wb-list li").count() == expected
    assert str(expected) in page.inner_text("#wb-count")
    shown = page.evaluate("async () => (await window.wangge.map.getSource('wb-result').getData()).features.length")
    assert shown == expected

    page.check("input[name=shape][value=all]")
    page.select_option("#wb-by", "street")
    page.click("#wb-aggregate")
    page.wait_for_function("() => document.body.dataset.result === 'aggregate'", timeout=30_000)
    assert page.locator("#wb-legend").is_visible()
    units = page.evaluate(
        "async () => (await window.wangge.map.getSource('wb-choropleth').getData())"
        ".features.map((f) => f.properties.count)"
    )
    assert len(units) == 10 and sum(units) == read_db(_place_count)
    bars = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('wb-chart')).getOption().series[0].data"
    )
    assert sorted(bars, reverse=True) == sorted(units, reverse=True)
    fill = page.evaluate("() => window.wangge.map.getPaintProperty('wb-choropleth-fill', 'fill-color')")
    assert fill[0] == "step"
