"""The wall in a real browser at 1920×1080: every screen renders without a console error, and its
figures equal the database (after a refresh of the summary tables)."""

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
    from screens.services import refresh
    from tests.browser.test_events_screens import _remove_events

    ids = read_db(_report_events)
    read_db(refresh)
    yield ids
    read_db(lambda: _remove_events(ids))
    read_db(refresh)


@pytest.fixture(scope="module")
def wall(chromium, server_url, refreshed):
    from django.conf import settings

    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = MapPage(context.new_page(), server_url)
    page.page.goto(f"{server_url}/login/?next=/screens/")
    page.page.fill("input[name=username]", "district")
    page.page.fill("input[name=password]", settings.DEMO_PASSWORD)
    page.page.click("button[type=submit]")
    page.page.wait_for_url(f"{server_url}/screens/")
    page.page.wait_for_function("() => window.wanggeWall && window.wanggeWall.rendered > 0", timeout=READY)
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
    p.wait_for_function("() => window.wanggeWall.map.map.loaded()", timeout=READY)
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
