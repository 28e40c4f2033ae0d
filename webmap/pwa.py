"""The worker app as an installable PWA: its service worker, served at /worker/sw.js so that its
scope covers /worker/, with the list of the app shell it caches (our modules and styles, MapLibre,
the translation catalogue, the page itself) prepended as `const SHELL = {...}`; and the web app
manifest. The shell's version is a hash of those files, so any change installs a new worker."""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from webmap.catalog import catalog_version

__all__ = ["service_worker", "manifest", "shell_files"]

STATIC = Path(__file__).resolve().parent / "static"
# The worker page's own files and what they import, relative to this app's static directory.
SHELL_GLOBS = ("webmap/kit/*.js", "webmap/worker/*.js", "webmap/worker/icons/*", "webmap/*.js", "webmap/*.css")
SHELL_EXTRA = ("webmap/favicon.svg",)
VENDOR = ("vendor/maplibre-gl/maplibre-gl.js", "vendor/maplibre-gl/maplibre-gl.css")
SW_PATH = "webmap/worker/sw.js"
# What the app reads as it starts, kept at install too: the page loads before its worker controls it.
READ_AT_START = ("/api/v1/event-categories", "/api/v1/todo/events", "/api/v1/duty/status")
THEME_COLOR = "#0a2342"


@lru_cache(maxsize=1)
def shell_files() -> tuple[tuple[str, ...], str]:
    """(static paths of the shell, a hash of their contents)."""
    paths = sorted(
        {p for pattern in SHELL_GLOBS for p in STATIC.glob(pattern) if p.is_file()} | {STATIC / p for p in SHELL_EXTRA}
    )
    digest = hashlib.sha256()
    names = []
    for path in paths:
        name = path.relative_to(STATIC).as_posix()
        if name == SW_PATH:
            continue
        names.append(name)
        digest.update(name.encode())
        digest.update(path.read_bytes())
    for name in VENDOR:
        digest.update(name.encode())
    return tuple(names) + VENDOR, digest.hexdigest()[:12]


@never_cache
def service_worker(request):
    """The service worker (scope /worker/), with the shell it caches for the request's language."""
    names, version = shell_files()
    catalog = f"{reverse('javascript-catalog')}?v={catalog_version()}&lang={get_language()}"
    shell = {
        "version": f"{version}-{catalog_version()}-{get_language()}",
        "page": reverse("worker"),
        "files": [static(name) for name in names] + [catalog, reverse("worker-manifest"), *READ_AT_START],
    }
    code = (STATIC / SW_PATH).read_text(encoding="utf-8")
    body = f"const SHELL = {json.dumps(shell)};\n{code}"
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("worker")
    return response


def manifest(request):
    """The web app manifest: name, colours, start URL /worker/ and icons."""
    icons = [
        {"src": static("webmap/worker/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("webmap/worker/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {"src": static("webmap/worker/icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        {
            "src": static("webmap/worker/icons/icon-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    body = {
        "name": _("网格员助手"),
        "short_name": _("网格员"),
        "description": _("网格员的执勤、上报、待办与寻访"),
        "lang": get_language(),
        "start_url": reverse("worker"),
        "scope": reverse("worker"),
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": "#eef2f7",
        "icons": icons,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
