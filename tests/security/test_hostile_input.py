"""Hostile input never produces a 500 (issue 13, items 5, 6, 8, 14): every route of the URL conf,
GET and POST, with a hostile value per parameter, answers below 500; the shared layer
(geo.api.guard, geo.api.errors) turns NUL bytes, deep JSON, far dates, arrays for objects and
oversized bodies into a JSON 4xx naming the field."""

import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from accounts.models import User

pytestmark = pytest.mark.django_db

# Names of parameters our endpoints read (query and body), each given the hostile value.
PARAMS = (
    "id kind q bbox lon lat crs date from to start_date end_date since time token user username status "
    "category level grid street code layer format page page_size description api_key service_code "
    "address_string email first_name last_name phone device_id client_id name query geometry place "
    "attachments comment payload type source reported_at started_at starts_at ends_at birth_date"
).split()
SKIP = {"logout", "set_language"}
_CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
SAMPLES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


# Regex routes (Open311's formats) by example; the walk test checks every one is covered.
REGEX_EXAMPLES = [
    f"/open311/v2/{path}.{fmt}"
    for path in ("discovery", "services", "services/x", "requests", "requests/1", "tokens/x")
    for fmt in ("json", "xml")
]


def routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):  # Django's admin is Django's, and staff-only
                yield from routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and entry.name not in SKIP:
            if route.startswith("^"):
                path = _example(prefix, route)
                if path and _name(path) == entry.name:
                    yield entry.name, path
            else:
                yield (
                    entry.name or route,
                    "/" + _CONVERTER.sub(lambda m: SAMPLES.get(m[1] or "str", "x"), prefix + route),
                )


def _sample(match):
    return SAMPLES.get(match[1] or "str", "x")


def _example(prefix, regex):
    """A path a regex route (DRF's routers) matches: named groups as 1 (a format as json)."""
    text = regex.lstrip("^").rstrip("$")
    text = re.sub(r"\(\?P<format>[^)]*\)", "json", text)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
    text = text.replace("/?", "/").replace("\\.", ".").replace("\\", "")
    return None if re.search(r"[()?*+\[\]|]", text) else "/" + _CONVERTER.sub("x", prefix) + text


def _name(path):
    try:
        return resolve(path).url_name
    except Exception:
        return None


def regex_route_names(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver) and not route.startswith("admin/"):
            yield from regex_route_names(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern) and route.startswith("^"):
            yield entry.name


ROUTES = sorted(set(routes()) | {(resolve(path).url_name, path) for path in REGEX_EXAMPLES})


def hostile_requests(path):
    nul = {name: "a\x00b" for name in PARAMS}
    far = {name: "9999-12-31" for name in PARAMS}
    early = {name: "0001-01-01T00:00:00Z" for name in PARAMS}
    nested = b"[" * 50_000 + b"]" * 50_000
    yield "GET", path, {"data": nul}
    yield "GET", path, {"data": far}
    yield "GET", path, {"data": early}
    yield "POST", path, {"data": nul}
    yield "POST", path, {"data": json.dumps(nul), "content_type": "application/json"}
    yield "POST", path, {"data": json.dumps(far), "content_type": "application/json"}
    yield "POST", path, {"data": json.dumps(early), "content_type": "application/json"}
    yield "POST", path, {"data": "[1, 2]", "content_type": "application/json"}
    yield "POST", path, {"data": nested, "content_type": "application/json"}
    yield "POST", path, {"data": b'{"a": {"b": ' * 20_000 + b"1" + b"}}" * 20_000, "content_type": "application/json"}


@pytest.fixture
def client_as_admin():
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="district"))
    return client


def test_the_walk_covers_the_url_conf():
    names = {name for name, _ in ROUTES}
    assert {"osmand", "owntracks", "positions-gpx", "auth-token"} <= names
    assert len(ROUTES) > 80
    assert set(regex_route_names()) <= names


@pytest.mark.parametrize("name,path", ROUTES, ids=[path for _, path in ROUTES])
def test_no_route_answers_5xx_to_hostile_input(client_as_admin, name, path):
    failures = []
    for method, url, kwargs in hostile_requests(path):
        call = client_as_admin.get if method == "GET" else client_as_admin.post
        response = call(url, **kwargs)
        if response.status_code >= 500 and not (name == "readyz" and response.status_code == 503):
            failures.append((method, str(kwargs["data"])[:60], response.status_code))
    assert not failures, failures


def assert_json_error(response, status, field=None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["detail"]
    if field:
        assert body["field"] == field
    return body


def test_a_nul_byte_in_a_query_parameter_is_a_400_naming_it(client_as_admin):
    assert_json_error(client_as_admin.get("/api/v1/places", {"kind": "\x00"}), 400, "kind")
    assert_json_error(Client().get("/osmand/", {"id": "\x00", "lat": 31.9, "lon": 119.9}), 400, "id")


def test_a_nul_in_a_json_string_names_its_path(client_as_admin):
    body = json.dumps({"contact": {"name": "a\x00"}, "description": "x"})
    response = client_as_admin.post("/api/v1/events", body, content_type="application/json")
    assert_json_error(response, 400, "contact.name")


def test_a_nul_in_a_form_field_is_refused():
    response = Client().post("/open311/v2/requests.json", {"description": "a\x01\x0bb", "lat": 31.9, "long": 119.9})
    assert_json_error(response, 400, "description")


def test_deep_json_is_a_400_on_the_body():
    nested = b"[" * 50_000 + b"]" * 50_000
    for path in ("/osmand/", "/owntracks/"):
        response = Client().post(path, nested, content_type="application/json")
        assert response.status_code in (400, 401), (path, response.status_code)


def test_deep_json_to_a_drf_view_is_a_400(client_as_admin):
    nested = b"[" * 50_000 + b"]" * 50_000
    assert_json_error(client_as_admin.post("/api/v1/events", nested, content_type="application/json"), 400, "body")


def test_a_json_array_for_an_object_is_a_400(client_as_admin):
    assert_json_error(client_as_admin.post("/api/v1/events", "[1, 2]", content_type="application/json"), 400, "body")


def test_a_body_over_the_memory_limit_is_a_json_413(client_as_admin, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    big = json.dumps({"description": "x" * 2000})
    assert_json_error(client_as_admin.post("/api/v1/events", big, content_type="application/json"), 413, "body")
    form = {"description": "x" * 2000}
    assert_json_error(Client().post("/open311/v2/requests.json", form), 413, "body")


def test_a_multipart_upload_over_the_global_cap_is_a_413(client_as_admin, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("t.gpx", b"<gpx>" + b" " * 5000 + b"</gpx>", content_type="application/gpx+xml")
    assert_json_error(client_as_admin.post("/api/v1/positions/gpx", {"file": upload}), 413, "body")
