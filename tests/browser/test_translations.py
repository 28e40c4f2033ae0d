"""The pages' strings come from Django's JavaScriptCatalog: Chinese by default, English once the
user switches language in the top bar (set_language, as the server-rendered strings do)."""

import pytest

pytestmark = pytest.mark.browser

GETTEXT = "(msgid) => import('/static/webmap/kit/i18n.js').then((kit) => kit.gettext(msgid))"


def test_js_strings_follow_the_language_switch(open_map):
    map_page = open_map("district", width=1440, height=900)
    page = map_page.page
    page.wait_for_function("() => document.getElementById('live-indicator')?.dataset.state === 'open'")
    assert page.locator("#live-indicator .live-label").inner_text() == "已连接"
    assert map_page.evaluate(GETTEXT, "{n} 分钟前") == "{n} 分钟前"
    assert "在岗人员" in page.locator("#layer-list").inner_text()

    page.select_option(".lang-select", "en")
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    page.wait_for_function("() => document.getElementById('live-indicator')?.dataset.state === 'open'")
    assert page.locator("#live-indicator .live-label").inner_text() == "Live"
    assert map_page.evaluate(GETTEXT, "{n} 分钟前") == "{n} min ago"
    assert "Workers" in page.locator("#layer-list").inner_text()
    assert not map_page.errors, map_page.errors
