"""An emergency in real browsers: the district operator draws an area on the command map, scans the
forces in and around it, starts an emergency response over it under an online plan, dispatches a
militia member with a notice, and the member's phone (already open on its notices) shows it at once
over the inbox socket; opening it records the read receipt."""

import pytest

pytestmark = pytest.mark.browser

PUSH_TIMEOUT = 15_000  # ms


def _member(read_db):
    """A demo militia member with a phone account in street 001, on call, and their point."""

    def find():
        from militia.models import MilitiaMember

        m = (
            MilitiaMember.objects.filter(user__isnull=False, on_call=True, org__location_code__startswith="320411001")
            .select_related("user")
            .order_by("id")
            .first()
        )
        return m.pk, m.user.username, m.name, (m.point.x, m.point.y)

    return read_db(find)


def _forget_notices(read_db, title):
    def remove():
        from militia.models import Emergency, Notice

        Notice.objects.filter(title=title).delete()
        Emergency.objects.filter(title=title).delete()

    read_db(remove)


def test_draw_scan_dispatch_and_the_members_phone_shows_the_notice(open_map, chromium, server_url, read_db, artifacts):
    from django.conf import settings

    member_id, username, name, (lon, lat) = _member(read_db)
    title = "浏览器测试：紧急集结"
    # the member's phone is open on its notices
    phone_context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
    phone = phone_context.new_page()
    phone_errors = []
    phone.on("pageerror", lambda e: phone_errors.append(str(e)))
    phone.goto(f"{server_url}/login/")
    phone.fill("input[name=username]", username)
    phone.fill("input[name=password]", settings.DEMO_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_url(f"{server_url}/worker/")
    phone.wait_for_function("() => window.wangge?.notices && window.wangge.notices.connected", timeout=PUSH_TIMEOUT)
    try:
        command = open_map("district")
        command.evaluate("([lon, lat]) => window.wangge.map.jumpTo({center: [lon, lat], zoom: 15})", [lon, lat])
        command.wait_idle()
        command.page.click("#mi-toggle")
        command.page.click("#mi-draw")
        d = 0.002
        for x, y in ((lon - d, lat - d), (lon + d, lat - d), (lon + d, lat + d), (lon - d, lat + d)):
            command.click_map_at(x, y)
        command.page.click("#mi-finish")
        command.page.wait_for_function("() => window.wangge.emergency.state.scans === 1", timeout=PUSH_TIMEOUT)
        row = command.page.locator(f'.mi-force[data-kind="militia_member"][data-id="{member_id}"]')
        assert row.locator(".mi-force-distance").inner_text() == "区域内"
        row.locator("input").check()
        command.page.fill("#mi-dispatch [name=title]", title)
        command.page.fill("#mi-dispatch [name=body]", "到集结点报到")
        command.page.click("#mi-start")  # an emergency over the drawn area, under the first online plan
        command.page.wait_for_function("() => window.wangge.emergency.state.emergency !== null", timeout=PUSH_TIMEOUT)
        command.page.screenshot(path=str(artifacts / "emergency-command.png"))
        command.page.click("#mi-dispatch button[type=submit]")
        command.page.wait_for_selector('#mi-result[data-state="ok"]', timeout=PUSH_TIMEOUT)
        assert "1" in command.page.inner_text("#mi-result")

        # the phone shows it without a reload, unread, and reading it is recorded
        notice = phone.locator(".mi-notice.unread", has_text=title)
        notice.wait_for(timeout=PUSH_TIMEOUT)
        assert phone.evaluate("() => window.wangge.notices.received") == 1
        assert phone.inner_text("#mi-unread") == "1"
        phone.screenshot(path=str(artifacts / "emergency-phone.png"))
        notice.locator("button").click()
        phone.locator(".mi-notice", has_text=title).locator(".mi-read-state").filter(has_text="已读").wait_for()

        def receipt():
            from militia.models import NoticeReceipt

            return list(NoticeReceipt.objects.filter(notice__title=title).values_list("user__username", "read_at"))

        [(who, read_at)] = read_db(receipt)
        assert who == username and read_at is not None

        def linked():
            from militia.models import Notice

            notice = Notice.objects.select_related("emergency__plan").get(title=title)
            return (
                notice.emergency.title,
                notice.emergency.plan.online,
                notice.emergency.area.equals_exact(notice.area, 1e-9),
            )

        assert read_db(linked) == (title, True, True)  # the dispatch links the emergency over the same area
        assert not command.errors and not phone_errors
        assert not command.non_local_requests()
    finally:
        phone_context.close()
        _forget_notices(read_db, title)
