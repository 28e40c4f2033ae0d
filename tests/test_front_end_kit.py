"""The front end has one kit (webmap/static/webmap/kit/): one DOM helper, one formatAge, strings only
through Django's JavaScriptCatalog. These checks fail when a second copy or a hand-written
translation table reappears outside the kit, and check the catalogue the pages load."""

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "webmap" / "static" / "webmap" / "kit"
SKIP = {"node_modules", ".venv", "staticfiles", "test-artifacts", "var", "media"}


def _ours(pattern: str):
    for path in ROOT.rglob(pattern):
        parts = path.relative_to(ROOT).parts
        if not SKIP & set(parts):
            yield path


def front_end_modules():
    return [p for p in _ours("*.js") if "static" in p.parts]


def outside_kit(paths):
    return [p for p in paths if KIT not in p.parents]


DEFINITIONS = {
    "el()": re.compile(r"\bfunction el\s*\(|\b(?:const|let|var)\s+el\s*=\s*(?:\(|function)"),
    "formatAge": re.compile(r"\bfunction formatAge\s*\(|\b(?:const|let|var)\s+formatAge\s*="),
}
# A translation table: an object of strings per language, or the lookups that went with them.
TABLES = re.compile(r"\b(?:const|let|var)\s+(?:EN|ZH|EN_CHOICES|ZH_CHOICES|STRINGS)\s*=|\bapplyI18n\b|isEnglish\s*\?")


def test_the_scan_finds_the_modules():
    modules = front_end_modules()
    assert KIT / "dom.js" in modules and len(outside_kit(modules)) > 40


@pytest.mark.parametrize("name", sorted(DEFINITIONS))
def test_one_definition_only_in_the_kit(name):
    found = [p for p in front_end_modules() if DEFINITIONS[name].search(p.read_text(encoding="utf-8"))]
    assert found and all(KIT in p.parents for p in found), f"{name} defined outside the kit: {found}"
    assert len(found) == 1, f"{name} defined more than once: {found}"


def test_no_hand_written_translation_table_outside_the_kit():
    modules = outside_kit(front_end_modules())
    assert not [p for p in modules if p.name == "i18n.js"], "a second i18n module"
    tables = [p for p in modules if TABLES.search(p.read_text(encoding="utf-8"))]
    assert not tables, f"translation tables outside the kit (use gettext() from kit/i18n.js): {tables}"


def test_templates_translate_on_the_server_not_by_key():
    keyed = [p for p in _ours("*.html") if "data-i18n" in p.read_text(encoding="utf-8")]
    keyed += [p for p in front_end_modules() if "data-i18n" in p.read_text(encoding="utf-8")]
    assert not keyed, f"data-i18n keys (write {{% translate %}} or gettext()): {keyed}"


@pytest.mark.django_db
@pytest.mark.parametrize("language,expected,absent", [("zh-hans", None, '"Live"'), ("en", '"Live"', None)])
def test_the_js_catalogue_follows_the_language(language, expected, absent):
    client = Client()
    client.cookies["django_language"] = language
    response = client.get("/jsi18n/")
    assert response.status_code == 200 and "javascript" in response["Content-Type"]
    body = response.content.decode()
    assert "django.gettext" in body
    if expected:
        assert expected in body, "the English of 已连接 (kit/status.js) comes from djangojs.po"
    if absent:
        assert absent not in body, "Chinese, the source language, needs no catalogue"
    assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db
def test_every_page_renders_one_config_and_the_versioned_catalogue(django_user_model):
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="street001"))
    html = client.get("/events/").content.decode()
    assert html.count('id="page-config"') == 1
    match = re.search(r'<script src="(/jsi18n/\?v=\w+&amp;lang=zh-hans)"></script>', html)
    assert match, "the catalogue URL carries its version and the language"
    assert html.index(match.group(0)) < html.index('type="module"'), "the catalogue loads before the modules"


@pytest.mark.django_db
def test_the_page_config_says_who_the_user_is_and_what_they_may_do(rf):
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from webmap.page import page_config

    request = rf.get("/")
    request.user = User.objects.get(username="district")
    config = page_config(request, {"placeKinds": []})
    assert config["user"]["username"] == "district" and config["user"]["jurisdictionName"]
    assert config["features"]["commander"] and config["features"]["analysis"] and config["features"]["district"]
    assert config["socket"] == {"map": "/ws/map/", "inbox": "/ws/inbox/"} and config["api"] == "/api/v1/"
    assert config["placeKinds"] == [] and config["language"] == "zh-hans"

    request.user = User.objects.filter(role="grid_worker").order_by("id").first()
    worker = page_config(request)
    assert not worker["features"]["commander"] and not worker["features"]["analysis"]
    assert worker["user"]["jurisdiction"] == request.user.jurisdiction_code

    request.user = AnonymousUser()
    assert page_config(request)["user"] is None
