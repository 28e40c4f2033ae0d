"""The live command map in a real browser, fed by the test server: a fix posted as a tracker app
posts it appears as a marker that then glides to the next fix; a dropped socket reconnects and
catches up from the snapshot; check-ins show as notices and flashes; workers are coloured by
status (on duty, off duty, outside their grid, no fix for 5 minutes); the worker card replays the
day's track; heat tiles load when the layer is on."""

from datetime import datetime, timedelta, timezone

import pytest

from tests.browser.live_support import api_post, distant_facts, neighbour_facts, post_fix, token_for, worker_facts

pytestmark = pytest.mark.browser

EPS = 1e-6
FRAME_TIMEOUT = 15_000  # ms: a fix reaches the map within a tick (0.5 s) in practice

SET_REPLAY_SLIDER = (
    "(v) => { const s = document.querySelector('.replay-slider'); s.value = String(v); "
    "s.dispatchEvent(new Event('input')); }"
)


def _now():
    return datetime.now(timezone.utc)


def _wait_connected(map_page, connects=1):
    """Until the socket is open for the `connects`-th time and that connection's snapshot is applied."""
    map_page.page.wait_for_function(
        """(n) => { const l = window.wangge.live;
            return l && l.state.connection === 'open' && l.state.connects >= n && l.state.snapshots >= n; }""",
        arg=connects,
        timeout=FRAME_TIMEOUT,
    )


def _wait_at(map_page, user_id, lon, lat):
    """Until the worker's latest item and its drawn dot are both at (lon, lat)."""
    map_page.page.wait_for_function(
        """([id, lon, lat, eps]) => {
            const l = window.wangge.live; const w = l.workers.get(id); const d = l.displayed(id);
            return !!w && !!d && Math.abs(w.lon - lon) < eps && Math.abs(w.lat - lat) < eps
                && Math.abs(d[0] - lon) < eps && Math.abs(d[1] - lat) < eps; }""",
        arg=[user_id, lon, lat, EPS],
        timeout=FRAME_TIMEOUT,
    )


def _item(map_page, user_id):
    return map_page.evaluate("(id) => window.wangge.live.workers.get(id) ?? null", user_id)


def _rendered(map_page, user_id):
    """The worker's dot as drawn (its properties and position), if it is in view and not clustered."""
    return map_page.evaluate(
        """(id) => window.wangge.map.queryRenderedFeatures({layers: ['workers-point']})
        .filter((f) => f.properties.id === id).map((f) => ({...f.properties, at: f.geometry.coordinates}))""",
        user_id,
    )


def _status(map_page, user_id):
    return map_page.evaluate("(id) => window.wangge.live.layer.status(id)", user_id)


def test_a_posted_fix_appears_on_the_map_and_glides_to_the_next(open_map, read_db, server_url, live_users):
    worker = read_db(lambda: worker_facts(0))
    live_users.add(worker["id"])
    first, second = worker["walk"][0], worker["walk"][1]
    map_page = open_map("district")
    _wait_connected(map_page)
    indicator = map_page.page.locator("#live-indicator")
    assert indicator.get_attribute("data-state") == "open"
    assert "已连接" in indicator.inner_text()
    assert _item(map_page, worker["id"]) is None

    assert post_fix(server_url, worker["device"], *first, _now() - timedelta(minutes=4)) == 200
    _wait_at(map_page, worker["id"], *first)
    item = _item(map_page, worker["id"])
    assert item["status"] == "off_duty" and item["grid"] == worker["grid"]
    assert "1" in indicator.inner_text(), "the pill counts the workers on the map"

    map_page.evaluate("(c) => window.wangge.map.jumpTo({center: c, zoom: 16})", list(first))
    map_page.wait_idle()
    [dot] = _rendered(map_page, worker["id"])
    assert dot["status"] == "off_duty" and dot["name"] == worker["name"]

    # Sample the drawn position every frame while the next fix arrives: it must pass in between.
    map_page.evaluate(
        """(id) => { window.samples = [];
        const tick = () => { window.samples.push(window.wangge.live.displayed(id));
            if (window.samples.length < 900) requestAnimationFrame(tick); };
        requestAnimationFrame(tick); }""",
        worker["id"],
    )
    assert post_fix(server_url, worker["device"], *second, _now() - timedelta(minutes=3)) == 200
    _wait_at(map_page, worker["id"], *second)
    samples = map_page.evaluate("window.samples")
    between = [
        s
        for s in samples
        if s
        and min(first[0], second[0]) < s[0] < max(first[0], second[0])
        or s
        and min(first[1], second[1]) < s[1] < max(first[1], second[1])
    ]
    assert between, "the marker glides from the old fix to the new one"

    map_page.wait_idle()
    [dot] = _rendered(map_page, worker["id"])
    assert dot["at"] == pytest.approx(list(second), abs=1e-5)
    assert map_page.errors == []


def test_a_dropped_socket_reconnects_and_catches_up(open_map, read_db, server_url, live_users):
    worker = read_db(lambda: worker_facts(1))
    live_users.add(worker["id"])
    walk = worker["walk"]
    map_page = open_map("district")
    _wait_connected(map_page)
    assert post_fix(server_url, worker["device"], *walk[0], _now() - timedelta(minutes=5)) == 200
    _wait_at(map_page, worker["id"], *walk[0])

    map_page.evaluate("window.wangge.live.socket.ws.close()")
    map_page.page.wait_for_function("() => document.getElementById('live-indicator').dataset.state === 'reconnecting'")
    assert "重连中" in map_page.page.locator("#live-indicator").inner_text()
    # The worker moves while the map is cut off: the snapshot of the new connection brings it.
    assert post_fix(server_url, worker["device"], *walk[1], _now() - timedelta(minutes=4)) == 200

    _wait_connected(map_page, connects=2)
    assert map_page.page.locator("#live-indicator").get_attribute("data-state") == "open"
    assert "已连接" in map_page.page.locator("#live-indicator").inner_text()
    _wait_at(map_page, worker["id"], *walk[1])

    frames = map_page.evaluate("window.wangge.live.state.frames")
    assert post_fix(server_url, worker["device"], *walk[2], _now() - timedelta(minutes=3)) == 200
    _wait_at(map_page, worker["id"], *walk[2])
    assert map_page.evaluate("window.wangge.live.state.frames") > frames, "live frames flow on the new socket"
    assert map_page.errors == []


def test_checkins_statuses_worker_card_replay_and_heat(open_map, read_db, server_url, live_users, artifacts):
    a = read_db(lambda: worker_facts(2))
    b, c, d = read_db(lambda: neighbour_facts(a, 3))
    e = read_db(lambda: distant_facts(a))
    people = {"a": a, "b": b, "c": c, "d": d, "e": e}
    live_users.update(w["id"] for w in people.values())
    tokens = read_db(lambda: {k: token_for(w["id"]) for k, w in people.items()})
    now = _now()

    # Before the map opens: a walked this morning (off duty); b is off duty; c checked in at their
    # grid; d checked in but their phone went quiet 7 minutes ago.
    for i, point in enumerate(a["walk"][:6]):
        assert post_fix(server_url, a["device"], *point, now - timedelta(minutes=20 - 2 * i)) == 200
    assert post_fix(server_url, b["device"], *b["walk"][0], now - timedelta(minutes=2)) == 200
    status, body = api_post(
        server_url, "/api/v1/duty/checkin", tokens["c"], {"lon": c["walk"][0][0], "lat": c["walk"][0][1]}
    )
    assert status == 200 and body["accepted"], body
    checkin_d = {"lon": d["walk"][0][0], "lat": d["walk"][0][1], "time": (now - timedelta(minutes=8)).isoformat()}
    assert api_post(server_url, "/api/v1/duty/checkin", tokens["d"], checkin_d)[0] == 200
    assert post_fix(server_url, d["device"], *d["walk"][0], now - timedelta(minutes=7)) == 200

    map_page = open_map("district")
    page = map_page.page
    _wait_connected(map_page)

    # a checks in: a notice names them and where they were, and the spot flashes.
    status, body = api_post(
        server_url, "/api/v1/duty/checkin", tokens["a"], {"lon": a["walk"][5][0], "lat": a["walk"][5][1]}
    )
    assert status == 200 and body["accepted"], body
    toast = page.wait_for_selector(f".toast[data-kind=checkin][data-user='{a['id']}']", timeout=FRAME_TIMEOUT)
    text = toast.inner_text()
    assert a["name"] in text and "签到" in text and "网格内" in text
    assert map_page.evaluate("window.wangge.live.flashes.active().length") >= 1

    # On duty a walks on; c wanders into a's grid, outside their own.
    assert post_fix(server_url, a["device"], *a["walk"][6], _now() - timedelta(seconds=20)) == 200
    assert post_fix(server_url, c["device"], *a["walk"][2], _now() - timedelta(seconds=15)) == 200
    expected = {a["id"]: "on_duty", b["id"]: "off_duty", c["id"]: "outside", d["id"]: "stale"}
    page.wait_for_function(
        """(expected) => Object.entries(expected)
        .every(([id, status]) => window.wangge.live.layer.status(Number(id)) === status)""",
        arg=expected,
        timeout=FRAME_TIMEOUT,
    )
    for status in ("on_duty", "off_duty", "outside", "stale"):
        count = page.locator(f"#layer-list li[data-status={status}] .legend-count").inner_text()
        assert int(count) >= 1, f"the legend counts {status}"

    # Heat on; frame the grids of the four on the map.
    page.check("input[name=layer-heat]")
    xs = [x for w in (a, b, c, d) for x in w["bbox"][0::2]]
    ys = [y for w in (a, b, c, d) for y in w["bbox"][1::2]]
    frame = [[min(xs), min(ys)], [max(xs), max(ys)]]
    map_page.evaluate(
        "(b) => window.wangge.map.fitBounds(b, {padding: {top: 70, bottom: 40, left: 380, right: 400}, duration: 0})",
        frame,
    )
    map_page.wait_idle()
    assert 200 in map_page.tile_statuses("heat")
    assert map_page.evaluate("window.wangge.map.queryRenderedFeatures({layers: ['heat-fill']}).length") > 0
    for key in ("a", "b", "c", "d"):
        assert _rendered(map_page, people[key]["id"]), f"{key}'s dot is drawn"

    # Click a: the card, then the replay of today's track with its slider.
    [dot] = _rendered(map_page, a["id"])
    map_page.click_map_at(*dot["at"])
    card = page.wait_for_selector(f".worker-card[data-worker='{a['id']}'] .replay-button", timeout=FRAME_TIMEOUT)
    card_text = page.locator(".worker-card").inner_text()
    assert a["name"] in card_text and a["grid_name"] in card_text and "公里" in card_text
    assert page.locator(".worker-card .badge-status").get_attribute("data-status") == "on_duty"
    card.click()
    slider = page.wait_for_selector(".replay-slider")
    assert "7 个定位点" in page.locator(".replay-summary").inner_text(), (
        "six fixes this morning, one since the check-in"
    )
    end = int(slider.get_attribute("max"))
    page.evaluate(
        SET_REPLAY_SLIDER,
        end,
    )
    # The end of the slider is the last fix.
    page.wait_for_function(
        """([lon, lat]) => { const f = window.wangge.map.querySourceFeatures('replay-point')[0];
        return !!f && Math.abs(f.geometry.coordinates[0] - lon) < 1e-5
            && Math.abs(f.geometry.coordinates[1] - lat) < 1e-5; }""",
        arg=list(a["walk"][6]),
    )
    assert (
        page.locator(".replay-time").inner_text()
        == page.locator(".replay-summary").inner_text().split(" – ")[1].split(" ·")[0]
    )
    page.evaluate(
        SET_REPLAY_SLIDER,
        end // 2,
    )
    map_page.evaluate(
        "(b) => window.wangge.map.fitBounds(b, {padding: {top: 70, bottom: 40, left: 380, right: 400}, duration: 0})",
        frame,
    )
    map_page.wait_idle()

    # e checks in here, far from their own grid: refused, and the notice says so.
    status, body = api_post(
        server_url, "/api/v1/duty/checkin", tokens["e"], {"lon": a["walk"][3][0], "lat": a["walk"][3][1]}
    )
    assert status == 200 and not body["accepted"], body
    refused = page.wait_for_selector(f".toast-alert[data-user='{e['id']}']", timeout=FRAME_TIMEOUT)
    assert "未生效" in refused.inner_text() and "网格外" in refused.inner_text()
    page.wait_for_timeout(700)
    page.screenshot(path=artifacts / "live-map.png")
    assert map_page.errors == []
    assert map_page.non_local_requests() == []


def test_event_frames_show_a_notice_and_unknown_frames_are_ignored(open_map):
    map_page = open_map("district")
    page = map_page.page
    _wait_connected(map_page)
    # Frames the map does not know yet (the open-events snapshot, anything later) change nothing.
    map_page.evaluate("""() => { const l = window.wangge.live;
        l.receive({type: 'events', snapshot: true, events: [{id: 1}]}); l.receive({type: 'weather', rain: true}); }""")
    assert page.locator(".toast").count() == 0

    # An event frame as events/live.py sends it.
    frame = {
        "type": "event",
        "id": 41,
        "event": "E3204110012026112500041",
        "title": "井盖缺失",
        "status": "escalated",
        "level": "street",
        "category": "city.manhole",
        "priority": 3,
        "lon": 119.96,
        "lat": 31.82,
        "code": "320411001001003001",
        "supervised": False,
        "overdue": False,
        "action": "escalate",
    }
    map_page.evaluate("(f) => window.wangge.live.receive(f)", frame)
    toast = page.wait_for_selector(".toast-alert[data-kind=event][data-event='41']")
    text = toast.inner_text()
    assert "井盖缺失" in text and "上报上级" in text and frame["event"] in text

    toast.query_selector(".toast-body").click()  # flies to the event
    page.wait_for_function(
        """([lon, lat]) => { const c = window.wangge.map.getCenter();
        return !window.wangge.map.isMoving() && Math.abs(c.lng - lon) < 1e-4 && Math.abs(c.lat - lat) < 1e-4; }""",
        arg=[frame["lon"], frame["lat"]],
        timeout=FRAME_TIMEOUT,
    )
    assert map_page.evaluate("window.wangge.live.state.events") == 1
    # The event layer reads the event afresh and the click opens its card: event 41 is made up, so
    # both reads are 404 (the card says so); nothing else went wrong.
    assert page.locator("#map-ev-card .ev-error").count() == 1
    assert [e for e in map_page.errors if "status of 404" not in e] == []
    assert len(map_page.errors) == 2
