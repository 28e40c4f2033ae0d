"""The militia page in a real browser: companies and their members, stock of one kind per
warehouse on the map, a movement recorded from the page, and the district approving a town's task."""

from datetime import timedelta

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def requested_task(read_db):
    def make():
        from django.contrib.gis.geos import Point
        from django.utils import timezone

        from accounts.models import User
        from militia.approvals import request_task
        from militia.models import MilitiaOrg

        company = MilitiaOrg.objects.filter(level="company", location_code__startswith="320411001").first()
        task = request_task(
            User.objects.get(username="street001"),
            title="浏览器测试任务",
            kind="training",
            point=Point(company.point.x, company.point.y, srid=4326),
            starts_at=timezone.now() + timedelta(days=1),
            comment="申请训练",
        )
        return task.pk

    pk = read_db(make)
    yield pk

    def remove():
        import pgtrigger

        from militia.models import MilitiaTask, TaskApproval

        with pgtrigger.ignore("militia.TaskApproval:append_only"):
            TaskApproval.objects.filter(task_id=pk).delete()
        MilitiaTask.objects.filter(pk=pk).delete()

    read_db(remove)


def test_the_district_sees_units_and_stock_and_approves_a_towns_task(open_map, read_db, requested_task, artifacts):
    page = open_map("district")
    p = page.page
    p.goto(f"{page.base_url}/militia/")
    p.wait_for_selector("body[data-ready=true]", timeout=60_000)

    first = p.locator("#mi-companies button").first
    name = first.inner_text()
    first.click()
    p.wait_for_selector("#mi-members tr", timeout=15_000)
    assert p.inner_text("#mi-members-title") == name and p.locator("#mi-members tr").count() >= 20

    p.click("[data-tab=equipment]")
    p.select_option("#mi-stock-kind", "pump")
    p.wait_for_function(
        "() => { const s = window.wangge.militia.state.stock; return s && s.kind === 'pump' && s.features.length > 0; }"
    )

    p.click("[data-tab=tasks]")
    approve = p.locator(f'button[data-step="approve"][data-task="{requested_task}"]')
    p.once("dialog", lambda dialog: dialog.accept("同意"))
    approve.click()
    p.wait_for_selector(f'button[data-task="{requested_task}"]', state="detached", timeout=15_000)
    p.screenshot(path=str(artifacts / "militia-page.png"))

    def decided():
        from militia.models import MilitiaTask

        task = MilitiaTask.objects.get(pk=requested_task)
        return task.status, list(task.log.values_list("level", "comment"))

    status, log = read_db(decided)
    assert status == "approved" and log == [("town", "申请训练"), ("district", "同意")]
    assert not page.errors and not page.non_local_requests()
