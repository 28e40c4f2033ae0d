"""The command map's event layer, overview and nearby forces in a real browser: an event reported
through the API appears as a marker without a reload and its notice flies the map to it and opens
its card; the overview's figures match the database (and follow a new event over the socket); a
street operator's overview counts only their street; a right-click lists the forces nearby with
their distances; /api/docs/ renders Swagger UI from local files under the CSP.

Events here are reported in street 003, which no other browser test uses; what the tests commit is
removed when the module ends."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.live_support import api_post, post_fix, token_for, worker_facts

pytestmark = pytest.mark.browser

STREET = "320411003"
LIVE_TIMEOUT = 20_000  # milliseconds
CONNECTED = """() => { const l = window.wangge?.live, o = window.wangge?.overview;
    return l && l.state.connection === 'open' && l.state.snapshots >= 1 && o?.state.loads >= 1; }"""
FIGURES = """() => Object.fromEntries([...document.querySelectorAll('#overview-body [data-figure]')]
    .map(n => [n.dataset.figure, Number(n.querySelector('.ov-value').textContent)]))"""


@pytest.fixture(scope="module")
def reporter(read_db):
    """A grid worker of STREET with an API token and a point inside their grid."""
    facts = read_db(lambda: worker_facts(0, STREET))
    return {**facts, "token": read_db(lambda: token_for(facts["id"]))}


def _report(server_url, reporter, title, dx=0.0) -> dict:
    lon, lat = reporter["walk"][0]
    status, body = api_post(
        server_url,
        "/api/v1/events",
        reporter["token"],
        {"title": title, "description": title, "category": "dispute.neighbour", "lon": lon + dx, "lat": lat},
    )
    assert status == 201, body
    return body


def _expected(read_db, prefix):
    from tests.events.overview_support import expected_events

    return read_db(lambda: expected_events(prefix))


def test_a_new_event_appears_as_a_marker_and_its_notice_flies_to_it(
    open_map, read_db, server_url, reporter, created_events, artifacts
):
    map_page = open_map("district")
    page = map_page.page
    page.wait_for_function(CONNECTED, timeout=LIVE_TIMEOUT)
    event = _report(server_url, reporter, "【地图测试】楼道堆放杂物")
    created_events.add(event["id"])

    # A notice comes (it stays 7 s: clicked at once, it flies there and opens the card)…
    toast = page.wait_for_selector(f".toast[data-kind=event][data-event='{event['id']}']", timeout=LIVE_TIMEOUT)
    assert "【地图测试】楼道堆放杂物" in toast.inner_text()
    toast.query_selector(".toast-body").click()
    # …and the marker is there without a reload.
    page.wait_for_function("(id) => window.wangge.events.layer.has(id)", arg=event["id"], timeout=LIVE_TIMEOUT)
    assert page.locator('.layer-group[data-group="events"] .count').first.inner_text() != "0"
    lon, lat = event["geometry"]["coordinates"]
    page.wait_for_function(
        """([lon, lat]) => { const m = window.wangge.map, c = m.getCenter();
        return !m.isMoving() && Math.abs(c.lng - lon) < 1e-4 && Math.abs(c.lat - lat) < 1e-4; }""",
        arg=[lon, lat],
        timeout=LIVE_TIMEOUT,
    )
    card = page.wait_for_selector(f"#info-panel.open #map-ev-card[data-id='{event['id']}']", timeout=LIVE_TIMEOUT)
    assert event["properties"]["code"] in card.inner_text()
    assert page.locator("#map-ev-card #ev-actions button").count() > 0
    map_page.wait_idle()
    rendered = map_page.evaluate(
        "(id) => window.wangge.map.queryRenderedFeatures({layers: ['events-point']}).some(f => f.properties.id === id)",
        event["id"],
    )
    assert rendered
    page.screenshot(path=str(artifacts / "command-map-event.png"))

    # A click on the marker shows the same card.
    page.locator("#info-panel .panel-close").click()
    page.wait_for_selector("#map-ev-card", state="detached")
    map_page.click_map_at(lon, lat)
    page.wait_for_selector(f"#map-ev-card[data-id='{event['id']}']", timeout=LIVE_TIMEOUT)
    assert map_page.errors == []
    assert map_page.non_local_requests() == []


def test_the_overview_matches_the_database_and_follows_a_new_event(
    open_map, read_db, server_url, reporter, created_events
):
    map_page = open_map("district")
    page = map_page.page
    page.wait_for_function(CONNECTED, timeout=LIVE_TIMEOUT)
    # A change through the server: every cached overview is dropped, and the map is told.
    loads = map_page.evaluate("window.wangge.overview.state.loads")
    created_events.add(_report(server_url, reporter, "【地图测试】路面塌陷", dx=0.0004)["id"])
    page.wait_for_function("(n) => window.wangge.overview.state.loads > n", arg=loads, timeout=LIVE_TIMEOUT)

    expected = _expected(read_db, "320411")
    shown = map_page.evaluate(FIGURES)
    assert shown == {k: expected[k] for k in ("new", "closed", "overdue", "supervised")}
    assert shown["new"] >= 1
    streets = page.locator("#ov-streets .ov-street")
    assert streets.count() >= 2
    assert map_page.errors == []


def test_a_street_operators_overview_counts_only_their_street(open_map, read_db):
    map_page = open_map("street001")
    page = map_page.page
    page.wait_for_function("() => window.wangge.overview?.state.loads >= 1", timeout=LIVE_TIMEOUT)

    codes = map_page.evaluate("[...document.querySelectorAll('#ov-streets [data-code]')].map(n => n.dataset.code)")
    assert codes == ["320411001000"]
    shown = map_page.evaluate(FIGURES)
    expected = _expected(read_db, "320411001")
    assert shown == {k: expected[k] for k in ("new", "closed", "overdue", "supervised")}
    alert_ids = map_page.evaluate(
        "[...document.querySelectorAll('#ov-alerts .ov-alert')].filter(n => n.dataset.kind !== 'silent')"
        ".map(n => Number(n.dataset.id))"
    )

    def codes_of(ids):
        from events.models import Event

        return list(Event.objects.filter(pk__in=ids).values_list("location_code", flat=True))

    assert all(code.startswith("320411001") for code in read_db(lambda: codes_of(alert_ids)))


def test_a_right_click_lists_the_forces_nearby_with_their_distances(
    open_map, read_db, server_url, reporter, live_users
):
    live_users.add(reporter["id"])
    lon, lat = reporter["walk"][1]
    status, body = api_post(server_url, "/api/v1/duty/checkin", reporter["token"], {"lon": lon, "lat": lat})
    assert status == 200, body
    assert post_fix(server_url, reporter["device"], lon, lat, datetime.now(UTC) - timedelta(seconds=20)) == 200
    map_page = open_map("district")
    page = map_page.page
    page.wait_for_function(CONNECTED, timeout=LIVE_TIMEOUT)
    map_page.evaluate("([lon, lat]) => window.wangge.map.jumpTo({center: [lon, lat], zoom: 15})", [lon, lat])
    map_page.wait_idle()

    x, y = map_page.evaluate(
        "([lon, lat]) => { const p = window.wangge.map.project([lon, lat]); return [p.x, p.y]; }",
        [lon + 0.001, lat],
    )
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y, button="right")
    row = page.wait_for_selector(f"#nearby .nb-force-worker[data-id='{reporter['id']}']", timeout=LIVE_TIMEOUT)
    distance = row.query_selector(".nb-distance").inner_text()
    assert distance.endswith("米") and 60 <= int(distance.split()[0]) <= 140  # 0.001° of longitude ≈ 95 m here
    assert page.locator("#nearby .nb-kind").count() >= 2  # workers and at least one other kind of force
    assert map_page.evaluate("window.wangge.map.getSource('nearby').serialize().data.features.length") >= 3
    assert map_page.errors == []


def test_api_docs_render_from_local_files(open_map):
    map_page = open_map("district")
    page = map_page.page
    page.goto(f"{map_page.base_url}/api/docs/")
    page.wait_for_selector(".opblock", timeout=LIVE_TIMEOUT)

    assert page.locator(".opblock").count() > 20
    assert "/api/v1/overview" in page.content()
    assert map_page.errors == []
    assert map_page.non_local_requests() == []


def test_the_layer_panel_scrolls_at_1366x768_and_the_map_controls_speak_the_page_language(open_map, artifacts):
    map_page = open_map("district", width=1366, height=768)
    page = map_page.page

    panel = page.locator("#layers-panel").bounding_box()
    assert panel["y"] + panel["height"] <= 768
    sizes = map_page.evaluate(
        "(() => { const l = document.getElementById('layer-list'); return [l.scrollHeight, l.clientHeight]; })()"
    )
    assert sizes[0] > sizes[1]  # more layers than fit: the list scrolls inside the panel…
    map_page.evaluate("document.getElementById('layer-list').scrollTop = 10000")
    page.locator("input[name=layer-labels]").click()  # …down to the last row, which can be used
    assert not page.locator("input[name=layer-labels]").is_checked()
    page.screenshot(path=str(artifacts / "command-map-1366.png"))

    assert page.locator(".maplibregl-ctrl-zoom-in").get_attribute("title") == "放大"
    assert page.locator(".maplibregl-ctrl-fullscreen").get_attribute("title") == "全屏"
    assert map_page.errors == []
