"""The grid worker's phone page in a real browser with a fixed geolocation: `/` leads a worker to
it; 签到 checks in with the phone's position; sharing uploads fixes to the server; offline, fixes
queue in localStorage and go up once the network is back; 签退 ends the duty and the sharing."""

import pytest

from tests.browser.live_support import worker_facts

pytestmark = pytest.mark.browser

UPLOAD_TIMEOUT = 30_000  # ms: the page uploads at once when sharing starts or the network returns


def _positions(user_id):
    from tracking.models import Position

    return Position.objects.filter(user_id=user_id).count()


def _geolocation(point, accuracy=8):
    return {"longitude": point[0], "latitude": point[1], "accuracy": accuracy}


@pytest.fixture
def phone(chromium, server_url):
    """`phone(point)` → a page of a phone-sized context whose geolocation is `point` (lon, lat)."""
    contexts = []

    def make(point):
        context = chromium.new_context(
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            locale="zh-CN",
            geolocation=_geolocation(point),
            permissions=["geolocation"],
        )
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
        page.on("pageerror", lambda e: page.errors.append(f"page error: {e}"))
        return context, page

    yield make
    for context in contexts:
        context.close()


def _login(page, base_url, username):
    from django.conf import settings

    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    page.click("button[type=submit]")


def test_worker_checks_in_shares_location_and_uploads_after_an_outage(
    phone, server_url, read_db, live_users, artifacts
):
    worker = read_db(lambda: worker_facts(6))
    live_users.add(worker["id"])
    walk = worker["walk"]
    context, page = phone(walk[0])

    _login(page, server_url, worker["username"])
    page.wait_for_url(f"{server_url}/worker/")  # `/` sends a grid worker to their page
    page.wait_for_function(
        "() => window.wangge?.worker && document.getElementById('duty-status').textContent.trim() === '未在岗'"
    )
    assert worker["grid_name"] in page.locator(".duty-grid").inner_text()
    assert page.locator("#share-switch").is_disabled()
    assert page.locator("#checkout-button").is_disabled()

    page.click("#checkin-button")
    message = page.wait_for_selector("#duty-message[data-tone=ok]")
    assert "签到成功" in message.inner_text() and "网格内" in message.inner_text()
    page.wait_for_selector("#duty-status[data-on-duty=true]")
    assert page.locator("#checkin-button").is_disabled() and page.locator("#share-switch").is_enabled()

    # Sharing: the first reading goes up at once.
    page.check("#share-switch")
    page.wait_for_function(
        "() => window.wangge.worker.outbox.uploaded >= 1 && window.wangge.worker.outbox.length === 0",
        timeout=UPLOAD_TIMEOUT,
    )
    uploaded = read_db(lambda: _positions(worker["id"]))
    assert uploaded >= 1
    assert page.locator("#queue-count").get_attribute("data-count") == "0"

    # Offline: the walk goes on, and its fixes wait on the phone.
    context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")
    for point in walk[1:4]:
        page.wait_for_timeout(1200)
        context.set_geolocation(_geolocation(point))
    page.wait_for_function(
        "() => Number(document.getElementById('queue-count').dataset.count) >= 3", timeout=UPLOAD_TIMEOUT
    )
    queued = int(page.locator("#queue-count").get_attribute("data-count"))
    assert f"待上传 {queued} 个定位点" in page.locator("#queue-count").inner_text()
    assert page.locator("#queue-problem").is_visible() and "离线" in page.locator("#queue-problem").inner_text()
    stored = page.evaluate(
        "(key) => JSON.parse(localStorage.getItem(key)).length", f"wangge.outbox.{worker['username']}"
    )
    assert stored == queued, "the queue survives a closed page"
    assert read_db(lambda: _positions(worker["id"])) == uploaded

    # Back online: the queue empties and the server has every fix.
    context.set_offline(False)
    page.wait_for_function("() => document.getElementById('queue-count').dataset.count === '0'", timeout=UPLOAD_TIMEOUT)
    assert read_db(lambda: _positions(worker["id"])) >= uploaded + queued
    assert (
        page.evaluate("(key) => JSON.parse(localStorage.getItem(key)).length", f"wangge.outbox.{worker['username']}")
        == 0
    )
    assert not page.locator("#queue-problem").is_visible()
    page.evaluate("() => window.wangge.worker.duty.refresh()")  # today's figures, as the page does every minute
    page.wait_for_function("() => document.getElementById('stat-distance').textContent.includes('公里')")
    page.screenshot(path=artifacts / "worker-page.png", full_page=True)

    page.click("#checkout-button")
    message = page.wait_for_selector("#duty-message[data-tone=ok]:has-text('签退成功')")
    page.wait_for_selector("#duty-status[data-on-duty=false]")
    assert page.locator("#share-switch").is_disabled()
    assert page.evaluate("window.wangge.worker.tracker.running") is False
    # Only the browser's own reports of the outage are allowed.
    assert [e for e in page.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_the_command_map_links_a_worker_back_to_their_page(phone, server_url, read_db):
    worker = read_db(lambda: worker_facts(7))
    context, page = phone(worker["walk"][0])
    _login(page, server_url, worker["username"])
    page.wait_for_url(f"{server_url}/worker/")

    page.goto(f"{server_url}/map/")
    page.wait_for_function("() => window.wangge?.map && window.wangge.live")
    page.click(".brand")
    page.wait_for_url(f"{server_url}/worker/")
    assert page.errors == []
