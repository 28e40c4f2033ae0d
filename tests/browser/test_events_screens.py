"""The event screens (/events/) in a real browser: an event reported by a grid worker shows in the
list and on the map; its detail has the timeline, location chain and photo; the district accepts
it, dispatches it to an on-duty worker found nearby, sees that worker's next step arrive live, and
gets the stale-version message when someone acted meanwhile. Also usable at phone width.

What these tests commit is removed when the module ends: the events (their append-only log and
history rows too — the log's triggers are switched off for that clean-up only, as
tests/events/test_concurrency.py does), their photo files, and the workers' duty data."""

import io
import json
import urllib.request
from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.conftest import MapPage
from tests.browser.live_support import api_post, neighbour_facts, post_fix, token_for, worker_facts

pytestmark = pytest.mark.browser

# A street no other test reports events in, so nothing here changes another test's counts.
STREET = "320411006"
TITLE = "【界面测试】井盖破损"
READY_TIMEOUT = 60_000  # milliseconds
LIVE_TIMEOUT = 15_000
CHAIN_SHOWN = """() => Object.fromEntries([...document.querySelectorAll('#ev-chain li')]
    .map(li => [li.dataset.level, li.querySelector('.ev-chain-name').textContent]))"""
THUMB_LOADED = (
    "() => { const i = document.querySelector('#ev-detail .ev-thumb img'); "
    "return i && i.complete && i.naturalWidth > 0; }"
)
MINI_MAP_READY = (
    "() => window.wangge?.miniMap && window.wangge.miniMap.loaded() && window.wangge.miniMap.areTilesLoaded()"
)


def _png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), "#6b7b8c")
    draw = ImageDraw.Draw(image)
    draw.ellipse((100, 60, 220, 180), fill="#2b2f33", outline="#d9d9d9", width=6)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _report(
    reporter_id: int,
    lon: float,
    lat: float,
    title: str = TITLE,
    category: str = "city.manhole",
    description: str = "人行道井盖破损下陷，存在行人跌落隐患。",
    priority=None,
) -> dict:
    """An event reported through the intake service by a grid worker, with one photo."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.models import User
    from events.services import report_event
    from geo.jurisdiction import Jurisdiction
    from grids.search import chain

    event = report_event(
        title=title,
        description=description,
        category=category,
        lon=lon,
        lat=lat,
        crs="wgs84",
        source="worker",
        reporter=User.objects.get(pk=reporter_id),
        priority=priority,
        photos=[SimpleUploadedFile("现场.png", _png(), content_type="image/png")],
    )
    return {
        "id": event.pk,
        "code": event.code,
        "status": event.status,
        "version": event.version,
        "handler": event.handler.username if event.handler else None,
        "point": [event.point.x, event.point.y],
        "chain": {c["level"]: c["name"] for c in chain(event.location_code, Jurisdiction(""))},
    }


# Other events of the street, in other states, so the list and map look like a working day.
BACKGROUND = [
    ("【界面测试】楼道堆放杂物堵塞消防通道", "safety.fire", "overdue"),
    ("【界面测试】邻里噪音纠纷", "dispute.neighbour", "self_handle"),
    ("【界面测试】路灯损坏不亮", "city.road", "supervise"),
    ("【界面测试】独居老人需上门探访", "livelihood.elderly", "escalate"),
    ("【界面测试】可疑人员发放涉诈传单", "public_order.fraud", None),
]


def _background(reporters: list[dict]) -> list[dict]:
    from django.utils import timezone

    from accounts.models import User
    from events.models import Event
    from events.services import perform

    made = []
    for (title, category, step), reporter in zip(BACKGROUND, reporters[: len(BACKGROUND)], strict=True):
        lon, lat = reporter["walk"][0]
        event = _report(
            reporter["id"], lon, lat, title, category, description=title[6:], priority=3 if step is None else None
        )
        if step == "overdue":
            Event.objects.filter(pk=event["id"]).update(overdue=True, due_at=timezone.now() - timedelta(hours=5))
        elif step == "supervise":
            perform(event["id"], User.objects.get(username="district"), "supervise", version=None, note="请尽快修复")
        elif step:
            perform(event["id"], User.objects.get(pk=reporter["id"]), step, version=None)
        made.append({**event, "step": step})
    return made


def _act(server_url, token, event_id, action) -> int:
    """A workflow step through the API, as the worker's phone takes it (the server broadcasts it)."""
    version = _version(server_url, token, event_id)
    status, _ = api_post(
        server_url, f"/api/v1/events/{event_id}/actions", token, {"action": action, "version": version}
    )
    return status


def _version(server_url, token, event_id) -> int:
    request = urllib.request.Request(
        f"{server_url}/api/v1/events/{event_id}", headers={"Authorization": f"Token {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["properties"]["version"]


def _stored(event_id: int) -> dict:
    from events.models import Event

    event = Event.objects.select_related("handler").get(pk=event_id)
    return {
        "status": event.status,
        "handler": event.handler.username if event.handler else None,
        "version": event.version,
        "actions": list(event.actions.order_by("id").values_list("action", flat=True)),
    }


@pytest.fixture(scope="module")
def scene(read_db, server_url, created_events, live_users):
    """A reported event in a grid of STREET, and a worker of a neighbouring grid on duty nearby
    (checked in through the duty API, with a fix posted as a tracker app posts it)."""
    reporter = read_db(lambda: worker_facts(0, STREET))
    (x, y) = reporter["walk"][0]
    helper = min(
        read_db(lambda: neighbour_facts(reporter, 3)),
        key=lambda w: (w["walk"][1][0] - x) ** 2 + (w["walk"][1][1] - y) ** 2,
    )
    live_users.update({reporter["id"], helper["id"]})
    others = [
        w
        for w in (read_db(lambda i=i: worker_facts(i, STREET)) for i in range(1, 8))
        if w["id"] not in (reporter["id"], helper["id"])
    ]
    background = read_db(lambda: _background(others))
    created_events.update(e["id"] for e in background)
    lon, lat = reporter["walk"][0]
    event = read_db(lambda: _report(reporter["id"], lon, lat))
    created_events.add(event["id"])

    token = read_db(lambda: token_for(helper["id"]))
    start = {"lon": helper["walk"][0][0], "lat": helper["walk"][0][1]}
    status, body = api_post(server_url, "/api/v1/duty/checkin", token, start)
    assert status == 200, body
    now = datetime.now(UTC)
    assert post_fix(server_url, helper["device"], *helper["walk"][1], now - timedelta(seconds=30), batt=76) == 200
    return {"event": event, "reporter": reporter, "helper": helper, "point": [lon, lat], "background": background}


class EventsPage(MapPage):
    def login(self, username):
        from django.conf import settings

        self.page.goto(f"{self.base_url}/login/?next=/events/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", settings.DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.base_url}/events/")
        self.page.wait_for_selector("#ev-page[data-ready=true]", timeout=READY_TIMEOUT)
        self.wait_idle()

    def wait_idle(self):
        for _ in range(2):
            self.page.wait_for_function(
                "() => { const m = window.wangge.map; return m.loaded() && !m.isMoving() && m.areTilesLoaded(); }",
                timeout=READY_TIMEOUT,
            )
            self.page.wait_for_timeout(250)

    def row(self, event_id):
        return self.page.locator(f"#ev-list .ev-item[data-id='{event_id}']")

    def rendered_event_ids(self) -> set[int]:
        return set(self.evaluate("window.wangge.map.queryRenderedFeatures({layers: ['ev-events']}).map(f => f.id)"))


@pytest.fixture
def open_events(chromium, server_url):
    contexts = []

    def make(username, width=1920, height=1080, language=None, **options):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **options)
        contexts.append(context)
        if language:
            context.add_cookies([{"name": "django_language", "value": language, "url": server_url}])
        events_page = EventsPage(context.new_page(), server_url)
        events_page.login(username)
        return events_page

    yield make
    for context in contexts:
        context.close()


def test_list_map_detail_accept_dispatch_live_and_conflict(open_events, scene, read_db, server_url, artifacts):
    event, helper = scene["event"], scene["helper"]
    ui = open_events("district")
    page = ui.page

    # In the list, with its status, and on the map as a circle of its own.
    row = ui.row(event["id"])
    row.wait_for()
    assert event["code"] in row.inner_text() and "待受理" in row.inner_text()
    assert page.locator("#ev-todo [data-key=assigned] .ev-todo-count").inner_text().isdigit()
    ui.evaluate("(p) => window.wangge.map.jumpTo({center: p, zoom: 15})", scene["point"])
    ui.wait_idle()
    assert event["id"] in ui.rendered_event_ids()

    # Clicking the point on the map selects the event: detail, chain, photo, timeline.
    x, y = ui.evaluate("(p) => { const q = window.wangge.map.project(p); return [q.x, q.y]; }", scene["point"])
    box = page.locator("#ev-map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_selector(f"#ev-detail[data-id='{event['id']}'] #ev-timeline .ev-step")
    assert page.locator("#ev-detail .ev-detail-title").inner_text() == TITLE
    assert "selected" in row.get_attribute("class")
    steps = page.locator("#ev-timeline .ev-step")
    assert steps.count() == 1 and "上报事项" in steps.first.inner_text()
    page.wait_for_selector("#ev-chain li")
    chain = ui.evaluate(CHAIN_SHOWN)
    assert {level: chain.get(level) for level in ("street", "community", "grid")} == {
        level: event["chain"][level] for level in ("street", "community", "grid")
    }
    thumb = page.locator("#ev-detail .ev-thumb img")
    page.wait_for_function(THUMB_LOADED)
    assert thumb.get_attribute("src").startswith(f"/api/v1/events/{event['id']}/photos/")
    page.locator("#ev-detail .ev-thumb").click()
    page.wait_for_selector("#ev-lightbox[open] .ev-lightbox-img")
    page.keyboard.press("Escape")
    assert not page.locator("#ev-lightbox").evaluate("d => d.open")
    due = page.locator("#ev-detail dd[data-field=due_at]").inner_text()
    assert "剩余" in due

    # Accept (受理): status and timeline change; the list row follows.
    buttons = page.locator("#ev-actions .ev-action")
    assert {"受理", "下派", "不予受理", "督办"} <= set(buttons.all_inner_texts())
    page.click("#ev-actions [data-action=accept]")
    page.wait_for_function("() => document.querySelectorAll('#ev-timeline .ev-step').length === 2")
    assert page.locator("#ev-detail .ev-detail-bar .ev-status").inner_text() == "已受理"
    assert "受理" in page.locator("#ev-timeline .ev-step").nth(1).inner_text()
    assert "已受理" in row.inner_text()
    assert read_db(lambda: _stored(event["id"]))["status"] == "accepted"
    page.wait_for_selector("#ev-todo [data-key=assigned][data-count='1']")  # the district holds it now

    # Dispatch (下派): nearby forces listed with their distance and drawn on the mini map.
    page.click("#ev-actions [data-action=dispatch]")
    page.wait_for_selector("#ev-dialog[open] .ev-force-worker")
    workers = page.locator("#ev-dispatch-workers .ev-force-worker")
    names = workers.locator(".ev-force-name").all_inner_texts()
    assert helper["name"] in names
    assert "米" in workers.first.locator(".ev-force-distance").inner_text()
    assert page.locator("#ev-dispatch-grid .ev-force").count() >= 1, "the grid's own worker is offered"
    page.wait_for_selector("#ev-dialog[data-mapped]")
    page.wait_for_function(MINI_MAP_READY)
    page.wait_for_timeout(300)
    page.screenshot(path=artifacts / "events-dispatch.png")
    workers.filter(has_text=helper["name"]).first.locator("input").check()
    assert helper["name"] in page.locator(".ev-dispatch-chosen").inner_text()
    page.fill("#ev-dialog textarea[name=note]", "请就近处置")
    page.click("#ev-dialog button[type=submit]")
    page.wait_for_function("() => document.querySelectorAll('#ev-timeline .ev-step').length === 3")
    assert page.locator("#ev-detail .ev-detail-bar .ev-status").inner_text() == "已下派"
    assert page.locator("#ev-detail dd[data-field=handler]").inner_text() == helper["name"]
    assert "请就近处置" in page.locator("#ev-timeline .ev-step").nth(2).inner_text()
    assert read_db(lambda: _stored(event["id"]))["handler"] == helper["username"]

    # The worker starts (处置) on their phone: the page learns it over the socket.
    page.wait_for_selector("#ev-live[data-state=open]")
    token = read_db(lambda: token_for(helper["id"]))
    assert _act(server_url, token, event["id"], "start") == 200
    page.wait_for_function(
        "() => document.querySelectorAll('#ev-timeline .ev-step').length === 4", timeout=LIVE_TIMEOUT
    )
    assert "处置中" in row.inner_text()
    assert page.locator("#ev-detail .ev-detail-bar .ev-status").inner_text() == "处置中"
    # Dispatched, it is no longer on the district's to-do list.
    page.wait_for_selector("#ev-todo [data-key=assigned][data-count='0']")

    # The street's events on the map; an overdue one is red with a ring.
    points = [scene["point"], *(e["point"] for e in scene["background"])]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    ui.evaluate(
        "(b) => window.wangge.map.fitBounds(b, {padding: 90, maxZoom: 15, duration: 0})",
        [[min(lons), min(lats)], [max(lons), max(lats)]],
    )
    ui.wait_idle()
    overdue = next(e["id"] for e in scene["background"] if e["step"] == "overdue")
    rings = ui.evaluate("window.wangge.map.queryRenderedFeatures({layers: ['ev-events-ring']}).map(f => f.id)")
    assert overdue in rings
    for close in page.locator(".ev-notice-close").all():
        close.click()
    page.wait_for_timeout(2800)  # the live change's flash fades
    page.screenshot(path=artifacts / "events.png")

    # Someone acts while this page is not listening: its next step is refused with 409 and the
    # event is shown again as it now is.
    ui.evaluate("window.eventsPage.socket.stop()")
    assert _act(server_url, token, event["id"], "resolve") == 200
    page.click("#ev-actions [data-action=supervise]")
    page.click("#ev-dialog button[type=submit]")
    notice = page.wait_for_selector(".ev-notice-error")
    assert "该事项已被他人处理，请刷新" in notice.inner_text()
    page.wait_for_function(
        "() => document.querySelector('#ev-detail .ev-detail-bar .ev-status').textContent === '已办结'"
    )
    assert page.locator("#ev-timeline .ev-step").count() == 5
    assert read_db(lambda: _stored(event["id"]))["actions"] == ["report", "accept", "dispatch", "start", "resolve"]

    # Chromium logs the refused request itself; nothing else went wrong.
    assert ui.errors == ["Failed to load resource: the server responded with a status of 409 (Conflict)"]
    assert ui.non_local_requests() == []


def test_filters_cut_the_list_and_the_map(open_events, scene, read_db):
    event = scene["event"]
    ui = open_events("district")
    page = ui.page
    ui.row(event["id"]).wait_for()
    assert page.locator("#ev-list .ev-item").count() >= 1 + len(BACKGROUND)

    page.fill("#ev-filters input[name=code]", event["code"])
    page.wait_for_function(
        "(id) => { const rows = document.querySelectorAll('#ev-list .ev-item'); "
        "return rows.length === 1 && rows[0].dataset.id === String(id); }",
        arg=event["id"],
    )
    assert "1" in page.locator("#ev-count").inner_text()

    # A status the event is not in empties the list; the request names it.
    page.click("#ev-status-filter summary")
    page.check("#ev-status-filter input[value=rejected]")
    page.wait_for_selector("#ev-list .ev-empty")
    assert any("status=rejected" in url for url in ui.requests)
    page.click("#ev-filters .ev-reset")
    ui.row(event["id"]).wait_for()

    # Overdue only: the overdue one, flagged, and nothing that is not.
    overdue = next(e for e in scene["background"] if e["step"] == "overdue")
    page.check("#ev-filters input[name=overdue]")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#ev-list .ev-item')].every(li => li.classList.contains('overdue'))"
    )
    assert "已超期" in ui.row(overdue["id"]).inner_text() or "超期" in ui.row(overdue["id"]).inner_text()
    assert not ui.row(event["id"]).count()
    page.uncheck("#ev-filters input[name=overdue]")
    ui.row(event["id"]).wait_for()
    categories = page.locator("#ev-filters select[name=category] option").all_inner_texts()
    assert "城市管理" in categories and any("井盖破损" in c for c in categories)

    # Back after a dropped connection, the list is read again (steps may have been missed).
    page.wait_for_selector("#ev-live[data-state=open]")
    with page.expect_request(lambda request: "/api/v1/events?" in request.url, timeout=LIVE_TIMEOUT):
        ui.evaluate("window.eventsPage.socket.reconnectNow()")
    assert ui.errors == []


def test_phone_width_stacks_list_and_detail(open_events, scene, artifacts):
    event = scene["event"]
    ui = open_events("district", width=390, height=844, is_mobile=True, has_touch=True)
    page = ui.page
    row = ui.row(event["id"])
    row.wait_for()

    map_box = page.locator("#ev-map").bounding_box()
    list_box = page.locator("#ev-list").bounding_box()
    assert map_box["width"] == pytest.approx(390, abs=1) and list_box["width"] == pytest.approx(390, abs=1)
    assert list_box["y"] >= map_box["y"] + map_box["height"] - 1, "the list under the map"
    assert not page.locator("#ev-filters").is_visible()
    page.click("#ev-filter-toggle")
    assert page.locator("#ev-filters input[name=code]").is_visible()
    page.click("#ev-filter-toggle")
    page.screenshot(path=artifacts / "events-phone.png")

    row.locator(".ev-row").tap()
    page.wait_for_selector("#ev-detail #ev-timeline .ev-step")
    detail = page.locator("#ev-detail").bounding_box()
    assert detail["width"] == pytest.approx(390, abs=1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing wider than the screen"
    page.screenshot(path=artifacts / "events-phone-detail.png")
    page.click("#ev-detail .ev-back")
    assert not page.locator("#ev-detail").is_visible()
    assert row.is_visible()
    assert ui.errors == []
    assert ui.non_local_requests() == []


def test_a_refused_step_shows_the_permission_message(open_events, scene):
    event = scene["event"]
    ui = open_events("district")
    page = ui.page
    ui.row(event["id"]).locator(".ev-row").click()
    page.wait_for_selector("#ev-actions [data-action=supervise]")
    reason = "您的角色不能督办 (your role may not supervise)"
    page.route(
        f"**/api/v1/events/{event['id']}/actions",
        lambda route: route.fulfill(status=403, json={"detail": reason, "field": "action"}),
    )

    page.click("#ev-actions [data-action=supervise]")
    page.click("#ev-dialog button[type=submit]")

    notice = page.wait_for_selector(".ev-notice-error")
    assert notice.inner_text().startswith(f"无权执行此操作：{reason}")
    assert ui.errors == ["Failed to load resource: the server responded with a status of 403 (Forbidden)"]


def test_english_labels_follow_the_page_language(open_events, scene):
    event = scene["event"]
    ui = open_events("district", language="en")
    page = ui.page
    row = ui.row(event["id"])
    row.wait_for()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".ev-heading").inner_text() == "Events"
    assert page.locator("#ev-status-filter summary").inner_text() == "All statuses"
    row.locator(".ev-row").click()
    page.wait_for_selector("#ev-timeline .ev-step")
    assert page.locator("#ev-timeline .ev-step-action").first.inner_text() == "Reported"
    assert page.locator("#ev-detail .ev-section-title").first.inner_text() == "Event detail"
    assert ui.errors == []
