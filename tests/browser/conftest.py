"""Browser fixtures: a real daphne server on the test database, Debian's chromium driven by
Playwright, and a logged-in command map page that records console errors and every request.

The demo district that the root `django_db_setup` loads is committed, so the server process sees
it. Playwright's sync API runs an event loop in this thread, where Django refuses ORM calls, so
tests read the database through `read_db`, which runs the query in a worker thread."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.servers import daphne, terminate_sessions

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
SERVER_START_TIMEOUT = 60  # seconds
MAP_READY_TIMEOUT = 60_000  # milliseconds


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _needs_db(item) -> bool:
    """Whether pytest-django sets up the test database for this test (a `django_db` mark, a
    database fixture, or a TransactionTestCase)."""
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    return (
        item.get_closest_marker("django_db") is not None
        or bool({"db", "transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))
        or (cls is not None and issubclass(cls, TransactionTestCase))
    )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request, django_db_modify_db_settings, django_db_blocker, django_db_keepdb, django_db_createdb
):
    """pytest-django sets up the test database only for a run in which some test asks for `db`.
    Browser tests never do (they read committed data from other threads and a server process), so
    for a run of browser tests alone it is set up here, just before pytest-django would have, and
    dropped at the end; the root `django_db_setup` then loads the demo district into it."""
    if any(_needs_db(item) for item in request.session.items):
        yield
        return
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        created = setup_databases(
            verbosity=0, interactive=False, aliases={"default"}, keepdb=django_db_keepdb and not django_db_createdb
        )
        # Pooled connections opened before the switch would still reach the real database.
        connection.close()
        connection.close_pool()
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(scope="session")
def read_db(django_db_setup, django_db_blocker):
    """`read_db(fn)` runs `fn()` (ORM reads) in a worker thread and returns its result."""
    from django.db import connections

    def work(fn):
        try:
            return fn()
        finally:
            connections.close_all()

    def run(fn):
        with django_db_blocker.unblock(), ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(work, fn).result()

    return run


@pytest.fixture(scope="session")
def server_url(django_db_setup, django_db_blocker, read_db, artifacts):
    """The base URL of a daphne process serving the app from the test database."""
    from django.db import connection

    with django_db_blocker.unblock():
        settings_dict = dict(connection.settings_dict)
    try:
        with daphne(settings_dict, artifacts / "daphne.log") as url:
            yield url
    finally:
        read_db(lambda: terminate_sessions(settings_dict["NAME"]))


@pytest.fixture(scope="module")
def chromium(django_db_setup):
    """Debian's chromium. Module-scoped: while Playwright runs, this thread has an event loop and
    Django refuses ORM calls in it, so it must not outlive the browser tests (nor start before
    the test database is set up)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup-test` (installs Debian's chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class MapPage:
    """A page on the command map, with what it logged and asked for."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.responses: list[tuple[str, int]] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("response", lambda response: self.responses.append((response.url, response.status)))

    def login(self, username):
        from django.conf import settings

        self.page.goto(f"{self.base_url}/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", settings.DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(f"{self.base_url}/")
        self.page.wait_for_function(
            "() => window.wangge?.map && window.wangge.map.getLayer('places-icon')", timeout=MAP_READY_TIMEOUT
        )
        self.wait_idle()

    def wait_idle(self):
        """Until the camera is still and every tile and source in view has loaded, twice in a row
        (label anchors are recomputed just after the map settles)."""
        for _ in range(2):
            self.page.wait_for_function(
                "() => { const m = window.wangge.map; return m.loaded() && !m.isMoving() && m.areTilesLoaded(); }",
                timeout=MAP_READY_TIMEOUT,
            )
            self.page.wait_for_timeout(300)

    def evaluate(self, script, arg=None):
        return self.page.evaluate(script, arg)

    def non_local_requests(self) -> list[str]:
        def local(url):
            parsed = urlparse(url)
            return parsed.scheme in ("data", "blob") or parsed.hostname in LOCAL_HOSTS

        return [url for url in self.requests if not local(url)]

    def tile_statuses(self, layer) -> list[int]:
        return [status for url, status in self.responses if urlparse(url).path.startswith(f"/tiles/{layer}/")]

    def click_map_at(self, lon, lat):
        """Clicks the map at a WGS84 position (the tests run without a shifted base map)."""
        x, y = self.evaluate(
            "([lon, lat]) => { const p = window.wangge.map.project([lon, lat]); return [p.x, p.y]; }", [lon, lat]
        )
        box = self.page.locator("#map").bounding_box()
        self.page.mouse.click(box["x"] + x, box["y"] + y)


@pytest.fixture
def open_map(chromium, server_url):
    """`open_map("district", width=1920, height=1080)` → a MapPage logged in as that demo user."""
    contexts = []

    def make(username, width=1920, height=1080, **context_options):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN", **context_options)
        contexts.append(context)
        map_page = MapPage(context.new_page(), server_url)
        map_page.login(username)
        return map_page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def live_users(read_db):
    """A set to add the ids of the workers a test module makes post fixes or check in: what the
    server stored for them is deleted when the module ends."""
    from tests.browser.live_support import remove_live_data

    users = set()
    yield users
    if users:
        read_db(lambda: remove_live_data(users))


@pytest.fixture(scope="module")
def created_events(read_db):
    """A set to add the ids of the events a test commits: removed (with their photos) when the
    module ends."""
    from events.demo import delete_events

    ids = set()
    yield ids
    if ids:
        read_db(lambda: delete_events(sorted(ids)))
