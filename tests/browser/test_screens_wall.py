"""The wall in a real browser at 1920×1080 (and 3840×2160): every screen renders without a console
error, its figures equal the database (after a refresh of the summary tables), the risks ring shows
the ten risk kinds, and an overdue event is dispatched from the wall."""

import re

import pytest

from tests.browser.conftest import MapPage

pytestmark = pytest.mark.browser
READY = 60_000
SCREENS = ["base", "governance", "risks", "warning", "city", "militia", "assessment"]


def _report_events():
    """Three events in street 001 (one an overdue 12345 case), committed; their ids."""
    from events.models import Event
    from events.services import report_event
    from grids.models import Grid

    grid = Grid.objects.filter(code__startswith="320411001").order_by("code").first()
    p = grid.micro_grids.order_by("code").first().geom.point_on_surface
    ids = []
    for source, category in (
        ("worker", "dispute.neighbour"),
        ("hotline_12345", "livelihood.assistance"),
        ("worker", "public_order.security"),
    ):
        ids.append(
            report_event(title="大屏测试", description="", category=category, lon=p.x, lat=p.y, source=source).pk
        )
    Event.objects.filter(pk=ids[1]).update(overdue=True)
    return ids


@pytest.fixture(scope="module")
def refreshed(read_db):
    """Three events reported now, then the summary tables refreshed; both undone at the end."""
    from events.demo import delete_events
    from screens.services import refresh

    ids = read_db(_report_events)
    read_db(refresh)
    yield ids
    read_db(lambda: delete_events(ids))
    read_db(refresh)


def _open_wall(chromium, server_url, width, height):
    from django.conf import settings

    context = chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = MapPage(context.new_page(), server_url)
    page.page.goto(f"{server_url}/login/?next=/screens/")
    page.page.fill("input[name=username]", "district")
    page.page.fill("input[name=password]", settings.DEMO_PASSWORD)
    page.page.click("button[type=submit]")
    page.page.wait_for_url(f"{server_url}/screens/")
    page.page.wait_for_function("() => window.wangge?.wall && window.wangge.wall.rendered > 0", timeout=READY)
    return context, page


@pytest.fixture(scope="module")
def wall(chromium, server_url, refreshed):
    context, page = _open_wall(chromium, server_url, 1920, 1080)
    yield page
    context.close()


def _figure(page, name) -> str:
    return page.locator(f".kpi[data-figure='{name}'] .kpi-value").inner_text()


def _number(text: str) -> float:
    return float(re.sub(r"[^\d.]", "", text))


@pytest.mark.parametrize("name", SCREENS)
def test_each_screen_renders_without_errors(wall, name, artifacts):
    p = wall.page
    p.locator(f".wall-switch a[data-screen='{name}']").click()
    p.wait_for_function(f"() => document.body.dataset.screen === '{name}'", timeout=READY)
    p.wait_for_function("() => window.wangge.wall.map.map.loaded()", timeout=READY)
    assert p.locator(".kpi").count() >= 1
    assert p.evaluate("() => document.documentElement.scrollWidth") <= 1920
    p.screenshot(path=str(artifacts / f"screen-{name}.png"))
    assert wall.errors == []
    assert p.url.endswith(f"/screens/{name}/")


def test_figures_equal_the_database(wall, read_db):
    def counts():
        from django.utils import timezone

        from events.models import Event
        from grids.models import Grid, GridKind
        from militia.models import MilitiaMember
        from tracking.days import local_day_bounds

        start = local_day_bounds(timezone.localdate())[0]
        return {
            "grids": Grid.objects.count(),
            "dedicated_grids": Grid.objects.filter(kind=GridKind.DEDICATED).count(),
            "events_total": Event.objects.count(),
            "events_today": Event.objects.filter(created_at__gte=start).count(),
            "members": MilitiaMember.objects.count(),
            "overdue": Event.objects.open().filter(overdue=True).count(),
        }

    expected = read_db(counts)
    p = wall.page
    p.goto(f"{wall.base_url}/screens/base/")
    p.wait_for_function("() => document.body.dataset.screen === 'base'", timeout=READY)
    assert _number(_figure(p, "grids")) == expected["grids"]
    assert _number(_figure(p, "dedicated_grids")) == expected["dedicated_grids"]
    p.goto(f"{wall.base_url}/screens/warning/")
    p.wait_for_function("() => document.body.dataset.screen === 'warning'", timeout=READY)
    assert _number(_figure(p, "total")) == expected["events_total"]
    assert _number(_figure(p, "today")) == expected["events_today"] >= 3
    assert _number(_figure(p, "overdue")) == expected["overdue"] >= 1
    p.goto(f"{wall.base_url}/screens/militia/")
    p.wait_for_function("() => document.body.dataset.screen === 'militia'", timeout=READY)
    assert _number(_figure(p, "members")) == expected["members"]
    # a figure opens the list behind it
    p.locator(".kpi[data-figure='members']").click()
    p.wait_for_selector("#wall-drill:not([hidden]) table.rows", timeout=READY)
    assert wall.errors == []


def _show(p, name):
    if p.locator("#wall-drill").is_visible():  # a drill-down left open
        p.locator("#wall-drill-close").click()
    p.locator(f".wall-switch a[data-screen='{name}']").click()
    p.wait_for_function(f"() => document.body.dataset.screen === '{name}'", timeout=READY)


def test_the_risks_ring_shows_the_ten_kinds(wall):
    p = wall.page
    _show(p, "risks")
    names = p.evaluate(
        "() => echarts.getInstanceByDom(document.querySelector('#wall-left .chart'))"
        ".getOption().series[0].data.map((d) => d.name)"
    )
    assert names == [
        "社会治安",
        "安全生产",
        "道路交通",
        "生态环境",
        "消防",
        "食品药品",
        "自然灾害",
        "矛盾纠纷",
        "公共卫生",
        "城市管理",
    ]
    assert wall.errors == []


def test_an_overdue_event_is_dispatched_from_the_wall(wall, refreshed, read_db):
    """The district operator dispatches the overdue 12345 case to its grid's worker from the
    event-warning screen: the event's handler changes in the database and the wall's row shows it."""
    from events.models import Event

    overdue_id = refreshed[1]
    code = read_db(lambda: Event.objects.get(pk=overdue_id).code)
    p = wall.page
    _show(p, "warning")
    row = p.locator("#wall-right table.rows tr", has_text=code)
    row.locator("button[data-action='dispatch']").click()
    p.wait_for_selector("#wall-dialog[open] #ev-dispatch-grid input[name^='dispatch-target']", timeout=READY)
    target = p.locator("#ev-dispatch-grid input[name^='dispatch-target']").first
    username = target.get_attribute("value").removeprefix("user:")
    target.check()
    p.locator("#wall-dialog button[type=submit][value=ok]").click()
    p.wait_for_function("() => window.wangge.wall.dispatched === 1", timeout=READY)

    def stored():
        e = Event.objects.select_related("handler").get(pk=overdue_id)
        return e.status, e.handler.username, e.handler.display_name

    status, handler, name = read_db(stored)
    assert (status, handler) == ("dispatched", username)
    p.wait_for_function(
        "([code, name]) => [...document.querySelectorAll('#wall-right table.rows tr')]"
        ".some((tr) => tr.textContent.includes(code) && tr.textContent.includes(name))",
        arg=[code, name],
        timeout=READY,
    )
    assert wall.errors == []


def test_a_reader_who_may_not_dispatch_sees_no_action(chromium, server_url, refreshed):
    """An analyst reads the whole district but may take no workflow step: the wall lists the
    overdue events without the action."""
    from django.conf import settings

    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = MapPage(context.new_page(), server_url)
    p = page.page
    p.goto(f"{server_url}/login/?next=/screens/warning/")
    p.fill("input[name=username]", "analyst")
    p.fill("input[name=password]", settings.DEMO_PASSWORD)
    p.click("button[type=submit]")
    p.wait_for_function("() => window.wangge?.wall && window.wangge.wall.rendered > 0", timeout=READY)
    assert p.locator("#wall-right table.rows tr").count() >= 2
    assert p.locator("button[data-action='dispatch']").count() == 0
    assert page.errors == []
    context.close()


def test_the_wall_at_3840_by_2160(chromium, server_url, refreshed, artifacts):
    """At 4K every size doubles through the root font size: nothing overflows, text is scaled, no
    console error on any screen."""
    context, page = _open_wall(chromium, server_url, 3840, 2160)
    p = page.page
    assert p.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)") == pytest.approx(32)
    for name in SCREENS:
        _show(p, name)  # the layout is checked; the map's software rendering at 4K may still be busy
        size = p.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
            " document.querySelector('.wall-body').getBoundingClientRect().bottom]"
        )
        assert size[0] <= 3840 and size[1] <= 2160 and size[2] <= 2160, (name, size)
        kpi = p.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.kpi-value')).fontSize)")
        assert kpi == pytest.approx(2.1 * 32, abs=1), name
        canvas = p.evaluate("() => document.querySelector('#wall-map canvas').getBoundingClientRect().width")
        assert canvas > 1600, name  # the centre column, twice its 1920-wide size
    p.screenshot(path=str(artifacts / "screen-4k.png"))
    assert page.errors == []
    context.close()
