"""The worker app's service worker and manifest (issue 12): served so that its scope covers
/worker/, with a shell list of files that exist, and a manifest a phone can install from."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from accounts.models import User

pytestmark = pytest.mark.django_db


def _shell(body: str) -> dict:
    first, _, rest = body.partition("\n")
    assert first.startswith("const SHELL = ") and 'addEventListener("fetch"' in rest
    return json.loads(first.removeprefix("const SHELL = ").removesuffix(";"))


def test_the_service_worker_covers_the_worker_app_and_lists_a_real_shell():
    response = Client().get("/worker/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/worker/"
    shell = _shell(response.content.decode())
    assert shell["page"] == "/worker/"
    statics = [f.removeprefix("/static/") for f in shell["files"] if f.startswith("/static/")]
    assert "webmap/worker/app.js" in statics and "webmap/kit/dom.js" in statics
    assert "vendor/maplibre-gl/maplibre-gl.js" in statics
    assert "webmap/worker/sw.js" not in statics
    assert all(finders.find(path) for path in statics), [p for p in statics if not finders.find(p)]
    assert any(f.startswith("/jsi18n/?v=") for f in shell["files"])


def test_the_shell_follows_the_language():
    client = Client()
    zh = _shell(client.get("/worker/sw.js").content.decode())
    client.cookies["django_language"] = "en"
    en = _shell(client.get("/worker/sw.js").content.decode())
    assert zh["version"] != en["version"] and any("lang=en" in f for f in en["files"])


def test_the_manifest_starts_the_app_at_the_worker_page():
    client = Client()
    client.force_login(User.objects.filter(role="grid_worker").first())
    manifest = client.get("/worker/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    body = manifest.json()
    assert body["start_url"] == "/worker/" and body["display"] == "standalone" and body["theme_color"]
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert all(finders.find(icon["src"].removeprefix("/static/")) for icon in body["icons"])
    page = client.get("/worker/").content.decode()
    assert 'rel="manifest" href="/worker/manifest.webmanifest"' in page
