"""The front-end kit's helpers as the pages load them, in a real browser: the one DOM helper, the
formatters (times in Asia/Shanghai whatever the browser's zone), and a refusal's message taken
from the one error body."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def kit_page(chromium, server_url):
    # A browser in another zone: the kit must still show the district's own time.
    context = chromium.new_context(timezone_id="Europe/London", locale="zh-CN")
    page = context.new_page()
    page.goto(f"{server_url}/login/")  # any page of ours: its catalogue and modules load from its origin
    yield page
    context.close()


def test_el_builds_attributes_and_children(kit_page):
    html = kit_page.evaluate(
        """async () => {
        const { el, button } = await import('/static/webmap/kit/dom.js');
        const a = el('li', 'row', 'name', 0, null, false);
        const b = el('input', { type: 'checkbox', name: 's', checked: true, hidden: false, dataset: { code: '7' } });
        const c = el('span', { class: 'dot', style: { color: 'red' } }, el('b', '', 'x'));
        return [a.outerHTML, b.outerHTML, c.outerHTML, button('go', 'Go').outerHTML];
    }"""
    )
    assert html == [
        '<li class="row">name0</li>',
        '<input type="checkbox" name="s" checked="" data-code="7">',
        '<span class="dot" style="color: red;"><b>x</b></span>',
        '<button type="button" class="go">Go</button>',
    ]


def test_formatters_use_seconds_and_the_district_zone(kit_page):
    out = kit_page.evaluate(
        """async () => {
        const f = await import('/static/webmap/kit/format.js');
        return [f.formatAge(5), f.formatAge(42), f.formatAge(3 * 60 + 5), f.formatAge(2 * 3600), f.formatAge(null),
                f.formatClock('2026-11-25T01:50:09Z'), f.formatDistance(850.4), f.formatDistance(1349),
                f.formatAge(f.secondsSince('2026-11-25T01:50:00Z', Date.parse('2026-11-25T01:53:30Z')))];
    }"""
    )
    assert out == ["刚刚", "42 秒前", "3 分钟前", "2 小时前", "—", "09:50:09", "850 米", "1.3 公里", "3 分钟前"]


def test_a_refusal_carries_the_error_bodys_detail(kit_page):
    message = kit_page.evaluate(
        """async () => {
        const { getJSON, ApiError } = await import('/static/webmap/kit/dom.js');
        try { await getJSON('/api/v1/live/workers'); return 'no error'; }
        catch (error) { return [error instanceof ApiError, error.status, error.message]; }
    }"""
    )
    assert message[0] is True and message[1] == 401
    assert message[2] and not message[2].startswith("HTTP"), "the message is the body's detail"
