"""The worker's phone app at 390×844 (issue 12) in a real browser with a fixed geolocation: an event
reported with a photo while offline survives a reload (served by the service worker, the photo in
IndexedDB), arrives exactly once when the network returns and waits in the grid worker's 待办; it
is accepted and resolved from 待办 with a photo; a visit recorded offline syncs and shows the
server's proof distance."""

import io
import uuid
from datetime import datetime, timezone

import pytest
from PIL import Image

from tests.browser.live_support import post_fix, worker_facts
from tests.browser.test_worker_page import _geolocation, _login

pytestmark = pytest.mark.browser

SYNC_TIMEOUT = 30_000  # ms


def _jpeg(width, height, color):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=95)
    return {"name": "camera.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


@pytest.fixture(scope="module")
def cleanup(read_db):
    """Ids to remove when the module ends: events, places and the visits to them."""
    made = {"descriptions": set(), "places": set()}
    yield made

    def remove():
        from events.demo import delete_events
        from events.models import Event
        from grids.models import Place
        from tracking.models import Visit

        ids = set(Event.objects.filter(description__in=made["descriptions"]).values_list("pk", flat=True))
        if ids:
            delete_events(ids)
        Visit.objects.filter(target_kind="place", target_id__in=made["places"]).delete()
        Place.objects.filter(pk__in=made["places"]).delete()

    read_db(remove)


@pytest.fixture
def app(chromium, server_url, read_db, live_users):
    """`app(index)` → (context, page, worker facts): a phone logged in as that demo grid worker,
    standing at the start of a walk inside their grid, on the worker app with its service worker."""
    contexts = []

    def make(index):
        worker = read_db(lambda: worker_facts(index))
        live_users.add(worker["id"])
        context = chromium.new_context(
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            geolocation=_geolocation(worker["walk"][0]),
            permissions=["geolocation"],
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(f"page error: {e}"))
        _login(page, server_url, worker["username"])
        page.wait_for_url(f"{server_url}/worker/**")
        page.wait_for_function(
            "async () => { const w = window.wangge?.worker; return Boolean(w && await w.serviceWorker); }"
        )
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        return context, page, worker

    yield make
    for context in contexts:
        context.close()


def _event_facts(description):
    from events.models import Event

    events = list(Event.objects.filter(description=description).select_related("handler"))
    return [
        {
            "id": e.pk,
            "handler": e.handler_id,
            "grid": e.location_code[:15],
            "status": e.status,
            "photos": [(p.width, p.height) for p in e.photos.all()],
        }
        for e in events
    ]


def _resolve_facts(event_id):
    from events.models import EventAction

    entry = EventAction.objects.filter(event_id=event_id, action="resolve").first()
    return {"note": entry.note, "attachments": entry.attachments} if entry else None


OUTAGE = ("ERR_INTERNET_DISCONNECTED", "net::ERR_FAILED", "Failed to fetch")


def _unexpected(errors):
    """Console errors other than the browser's own reports of the outage."""
    return [e for e in errors if not any(mark in e for mark in OUTAGE)]


def _tab(page, name):
    page.click(f".tabbar .tab[data-tab={name}]")
    page.wait_for_selector(f"#tab-{name}:not([hidden])")


def test_an_event_reported_offline_with_a_photo_arrives_once_and_is_resolved_from_todo(
    app, read_db, cleanup, artifacts
):
    context, page, worker = app(9)
    assert page.locator(".tabbar").is_visible()
    assert page.locator(".tabbar .tab").count() == 5

    _tab(page, "report")
    page.wait_for_function("() => document.getElementById('report-location').textContent.includes(',')")
    page.wait_for_function("() => document.querySelector('#report-category option[value=\"city.manhole\"]')")
    page.select_option("#report-category", "city.manhole")
    assert page.locator("#report-photo-rule").is_visible()

    context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")
    description = f"井盖缺失 {worker['username']} {uuid.uuid4().hex[:8]}"
    cleanup["descriptions"].add(description)
    page.fill("#report-description", description)
    page.click("#report-submit")
    assert "须附照片" in page.locator("#report-message").inner_text()  # the category's rule, on the phone

    page.set_input_files("#report-photo-input", _jpeg(3200, 2400, "brown"))
    page.wait_for_selector("#report-photos .photo-picker[data-count='1'][data-busy=false]")
    page.click("#report-submit")
    page.wait_for_function("() => window.wangge.worker.queue.length === 1")
    assert "恢复网络后自动发送" in page.locator("#report-message").inner_text()
    banner = page.locator("#pending-banner")
    assert banner.is_visible() and "离线" in banner.inner_text() and "上报 1" in banner.inner_text()
    assert read_db(lambda: _event_facts(description)) == []

    # The service worker serves the app offline; the queued report and its photo are still there.
    page.reload()
    page.wait_for_function("() => window.wangge?.worker?.queue && document.querySelector('.tabbar')")
    page.wait_for_function(
        "async () => { await window.wangge.worker.queue.ready; return window.wangge.worker.queue.length === 1; }"
    )
    photo = page.evaluate(
        "() => { const f = window.wangge.worker.queue.items[0].files[0];"
        " return {size: f.blob.size, type: f.blob.type, name: f.name}; }"
    )
    assert photo["type"] == "image/jpeg" and photo["name"].endswith(".jpg")
    assert "上报 1" in page.locator("#pending-banner").inner_text()
    page.wait_for_function("() => document.querySelector('#report-category option[value=\"city.manhole\"]')")
    page.screenshot(path=artifacts / "worker-app-offline.png")

    context.set_offline(False)
    page.wait_for_function("() => window.wangge.worker.queue.length === 0", timeout=SYNC_TIMEOUT)
    page.evaluate("() => window.wangge.worker.queue.flush()")  # a second round sends nothing again
    events = read_db(lambda: _event_facts(description))
    assert len(events) == 1, events  # exactly once
    event = events[0]
    assert event["grid"] == worker["grid"] and event["handler"] == worker["id"]  # routed to the grid's worker
    assert len(event["photos"]) == 1 and max(event["photos"][0]) == 1600  # compressed on the phone

    # 待办: the event is there with its steps; accept, then resolve with a note and a photo.
    _tab(page, "todo")
    card = page.locator(f".todo-card[data-id='{event['id']}']")
    card.wait_for()
    assert page.locator("#todo-badge").is_visible()
    assert card.locator(".todo-due").inner_text().startswith("剩")
    card.locator(".step-button[data-step=accept]").click()
    page.wait_for_function("() => window.wangge.worker.queue.length === 0", timeout=SYNC_TIMEOUT)
    card.locator(".step-button[data-step=resolve]").wait_for()
    card.locator(".step-button[data-step=resolve]").click()
    card.locator(".todo-note").fill("已更换井盖")
    page.set_input_files(f"#todo-photo-{event['id']}", _jpeg(1200, 900, "gray"))
    card.locator(".photo-picker[data-count='1'][data-busy=false]").wait_for()
    page.screenshot(path=artifacts / "worker-app-todo.png")
    card.locator(".todo-send").click()
    page.wait_for_function("() => window.wangge.worker.queue.length === 0", timeout=SYNC_TIMEOUT)
    page.wait_for_function(
        f"() => !document.querySelector(\".todo-card[data-id='{event['id']}'] .step-button[data-step=resolve]\")"
    )
    (mine,) = read_db(lambda: _event_facts(description))
    assert mine["status"] == "resolved" and len(mine["photos"]) == 2
    entry = read_db(lambda: _resolve_facts(event["id"]))
    assert entry["note"] == "已更换井盖" and len(entry["attachments"]) == 1
    assert _unexpected(page.errors) == []


def _make_place(worker):
    from django.contrib.gis.geos import Point

    from grids.services import create_place

    lon, lat = worker["walk"][0]
    return create_place(kind="key_place", name="寻访测试场所", geom=Point(lon, lat, srid=4326)).pk


def _visits(place_id):
    from tracking.models import Visit

    return [
        (v.accepted, v.proof_distance_m, bool(v.photo))
        for v in Visit.objects.filter(target_kind="place", target_id=place_id)
    ]


def test_a_visit_recorded_offline_syncs_and_shows_the_proof_distance(app, server_url, read_db, cleanup, artifacts):
    context, page, worker = app(10)
    place_id = read_db(lambda: _make_place(worker))
    cleanup["places"].add(place_id)
    lon, lat = worker["walk"][1]  # the phone's last fix, ~15 m from the place
    assert post_fix(server_url, worker["device"], lon, lat, datetime.now(timezone.utc)) == 200

    _tab(page, "visits")
    row = page.locator(f".visit-row[data-id='{place_id}']")
    row.wait_for()
    assert page.locator(".visit-row").first.get_attribute("data-id") == str(place_id)  # nearest first
    assert "从未寻访" in row.inner_text()

    context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")
    row.locator(".visit-head").click()
    row.locator(".visit-note").fill("入户走访")
    page.set_input_files(f"#visit-photo-{place_id}", _jpeg(800, 600, "teal"))
    row.locator(".photo-picker[data-count='1'][data-busy=false]").wait_for()
    row.locator(".visit-send").click()
    row.locator(".visit-result[data-state=queued]").wait_for()
    assert "寻访 1" in page.locator("#pending-banner").inner_text()
    assert read_db(lambda: _visits(place_id)) == []

    context.set_offline(False)
    result = row.locator(".visit-result[data-state=accepted]")
    result.wait_for(timeout=SYNC_TIMEOUT)
    assert "打卡有效" in result.inner_text() and "佐证距离" in result.inner_text()
    stored = read_db(lambda: _visits(place_id))
    assert len(stored) == 1 and stored[0][0] is True and stored[0][2] is True
    assert f"{round(stored[0][1])} 米" in result.inner_text()
    page.screenshot(path=artifacts / "worker-app-visits.png")

    _tab(page, "me")  # 我的: nothing waits, per kind; language, password and logout are there
    kinds = page.locator("#queue-kinds li")
    assert kinds.count() == 5 and all(kinds.nth(i).get_attribute("data-count") == "0" for i in range(5))
    assert page.locator("#me-language").is_visible() and page.locator(".me-logout").is_visible()
    assert page.locator("#queue-badge").is_hidden()
    assert page.locator("#pending-banner").is_hidden()
    assert _unexpected(page.errors) == []


def _checkins(user_id):
    from tracking.models import CheckIn

    return list(CheckIn.objects.filter(user_id=user_id).values_list("kind", "accepted"))


def test_a_check_in_offline_waits_in_the_queue_and_the_app_speaks_english(app, read_db):
    context, page, worker = app(11)
    page.wait_for_selector("#duty-status[data-on-duty=false]")
    context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")
    page.click("#checkin-button")
    page.wait_for_selector("#duty-message:has-text('离线：签到已保存')")
    assert page.locator("#duty-status").get_attribute("data-on-duty") == "true"  # what it will lead to
    assert "签到签退 1" in page.locator("#pending-banner").inner_text()
    assert read_db(lambda: _checkins(worker["id"])) == []

    context.set_offline(False)
    page.wait_for_function("() => window.wangge.worker.queue.length === 0", timeout=SYNC_TIMEOUT)
    stored = read_db(lambda: _checkins(worker["id"]))
    assert len(stored) == 1 and stored[0][1] is True
    page.wait_for_selector("#duty-status[data-on-duty=true]")

    _tab(page, "me")
    page.select_option("#me-language", "en")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    assert page.locator(".tabbar .tab[data-tab=report] span:nth-child(2)").inner_text() == "Report"
    assert page.locator(".tabbar .tab[data-tab=visits] span:nth-child(2)").inner_text() == "Visits"
    assert _unexpected(page.errors) == []
