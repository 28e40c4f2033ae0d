"""Open311 GeoReport v2 conformance, written from the specification
(http://wiki.open311.org/GeoReport_v2): every endpoint in both formats, XML read back with
ElementTree and checked element by element, and every error case with the spec's error body
(`[{"code", "description"}]` / `<errors><error>`) and HTTP status."""

import json
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from events.keys import digest
from events.models import Event, Open311Client
from events.open311 import conf
from events.services import report_event
from events.workflow import Status
from geo.crs import wgs84_to_gcj02
from grids.models import Place

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"
FORMATS = ["json", "xml"]
SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
    "detailed_status",
]


# --- reading both formats the way a client would ------------------------------------------------


def body(response, fmt):
    """JSON as parsed; XML as an Element after checking the declaration and content type."""
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json")
        return json.loads(response.content)
    assert response["Content-Type"].startswith("text/xml")
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


def xml_list(root, root_tag, item_tag) -> list[ET.Element]:
    assert root.tag == root_tag
    assert all(child.tag == item_tag for child in root)
    return list(root)


def flat(element) -> dict:
    """An element's children as {tag: text}; an empty element reads as None."""
    return {child.tag: child.text for child in element}


def records(response, fmt, root_tag, item_tag) -> list[dict]:
    """A list response as dicts of strings (JSON values stringified the way XML carries them)."""
    data = body(response, fmt)
    if fmt == "xml":
        return [flat(e) for e in xml_list(data, root_tag, item_tag)]
    assert isinstance(data, list)
    return [
        {k: None if v is None else str(v).lower() if isinstance(v, bool) else str(v) for k, v in d.items()}
        for d in data
    ]


def errors(response, fmt) -> list[tuple[int, str]]:
    data = body(response, fmt)
    if fmt == "xml":
        items = [flat(e) for e in xml_list(data, "errors", "error")]
        return [(int(e["code"]), e["description"]) for e in items]
    assert isinstance(data, list) and all(set(e) == {"code", "description"} for e in data)
    return [(e["code"], e["description"]) for e in data]


def assert_error(response, fmt, status, *words):
    assert response.status_code == status, response.content
    ((code, description),) = errors(response, fmt)
    assert code == status
    for word in words:
        assert word in description


@pytest.fixture
def public():
    """An anonymous client that enforces CSRF like a browser: the endpoint must be exempt."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def api_key(db):
    return Open311Client.issue("随手拍小程序")[1]


@pytest.fixture
def form(site, api_key):
    """A valid POST: noise at the site (no photo needed, not private, no extra fields)."""
    return {
        "api_key": api_key,
        "service_code": "ecology.noise",
        "lat": f"{site.lat:.8f}",
        "long": f"{site.lon:.8f}",
        "description": "广场舞音响夜间扰民\n每晚九点以后",
        "email": "li@example.cn",
        "first_name": "明",
        "last_name": "李",
        "phone": "13800001111",
        "device_id": "dev-1",
        "account_id": "acc-9",
        "address_string": "新北区某广场",
    }


# --- discovery, services, service definitions ---------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_spec_this_endpoint_and_both_formats(public, fmt):
    r = public.get(f"{BASE}/discovery.{fmt}")

    assert r.status_code == 200
    data = body(r, fmt)
    if fmt == "xml":
        assert data.tag == "discovery"
        assert [c.tag for c in data] == ["changeset", "contact", "key_service", "endpoints"]
        (endpoint,) = xml_list(data.find("endpoints"), "endpoints", "endpoint")
        formats = [f.text for f in xml_list(endpoint.find("formats"), "formats", "format")]
        data = {**flat(data), "endpoints": [{**flat(endpoint), "formats": formats}]}
    (endpoint,) = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2" and endpoint["type"] == "production"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    assert data["contact"] and data["key_service"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_leaf_categories_grouped_by_their_parent(public, fmt):
    r = public.get(f"{BASE}/services.{fmt}")

    assert r.status_code == 200
    services = {s["service_code"]: s for s in records(r, fmt, "services", "service")}
    assert all(list(s) == SERVICE_FIELDS for s in services.values())
    assert "city" not in services and "dispute" not in services  # groups, not services
    manhole = services["city.manhole"]
    assert (manhole["service_name"], manhole["group"], manhole["type"], manhole["metadata"]) == (
        "井盖破损",
        "城市管理",
        "realtime",
        "false",
    )
    assert "区城市管理局" in manhole["description"] and "media_url" in manhole["description"]
    assert "井盖破损" in manhole["keywords"] and "城市管理" in manhole["keywords"]
    assert services["safety.fire"]["metadata"] == "true"
    assert services["other"]["group"] == "其他"


def test_the_services_list_takes_one_query(public, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert public.get(f"{BASE}/services.json").status_code == 200


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_definition_lists_its_attributes_with_values(public, fmt):
    r = public.get(f"{BASE}/services/public_order.gathering.{fmt}")

    assert r.status_code == 200
    data = body(r, fmt)
    if fmt == "xml":
        assert data.tag == "service_definition" and data.find("service_code").text == "public_order.gathering"
        attributes = xml_list(data.find("attributes"), "attributes", "attribute")
        priority, people = attributes
        assert [c.tag for c in priority] == [
            "variable",
            "code",
            "datatype",
            "required",
            "datatype_description",
            "order",
            "description",
            "values",
        ]
        values = [flat(v) for v in xml_list(priority.find("values"), "values", "value")]
        assert values[2] == {"key": "3", "name": "紧急"}
        assert flat(people)["datatype"] == "number" and people.find("values") is None
        assert (flat(priority)["variable"], flat(priority)["required"], flat(priority)["order"]) == (
            "true",
            "false",
            "1",
        )
        return
    assert data["service_code"] == "public_order.gathering"
    priority, people = data["attributes"]
    assert priority == {
        "variable": True,
        "code": "priority",
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": None,
        "order": 1,
        "description": "紧急程度 (urgency)",
        "values": [
            {"key": "1", "name": "低"},
            {"key": "2", "name": "一般"},
            {"key": "3", "name": "紧急"},
            {"key": "4", "name": "特急"},
        ],
    }
    assert (people["code"], people["datatype"], people["order"]) == ("people_affected", "number", 2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_service_without_fields_has_an_empty_definition(public, fmt):
    r = public.get(f"{BASE}/services/ecology.noise.{fmt}")

    data = body(r, fmt)
    if fmt == "xml":
        assert [c.tag for c in data] == ["service_code", "attributes"] and len(data.find("attributes")) == 0
    else:
        assert data == {"service_code": "ecology.noise", "attributes": []}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["no.such", "city"])  # unknown, and a group rather than a service
def test_an_unknown_service_definition_is_404(public, fmt, code):
    assert_error(public.get(f"{BASE}/services/{code}.{fmt}"), fmt, 404, code)


@pytest.mark.parametrize("fmt", FORMATS)
def test_another_jurisdiction_id_is_404_and_ours_is_accepted(public, fmt):
    assert_error(public.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": "310101"}), fmt, 404, "jurisdiction_id")
    assert public.get(f"{BASE}/services.{fmt}", {"jurisdiction_id": conf.JURISDICTION_ID}).status_code == 200


# --- POST requests ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_posting_a_request_creates_a_located_routed_public_event(public, form, site, fmt):
    r = public.post(f"{BASE}/requests.{fmt}", form)

    assert r.status_code == 200, r.content
    (reply,) = records(r, fmt, "service_requests", "request")
    assert list(reply) == ["service_request_id", "service_notice", "account_id"]
    assert reply["account_id"] is None and "区生态环境局" in reply["service_notice"]
    event = Event.objects.get(code=reply["service_request_id"])
    assert (event.source, event.status, event.reporter) == ("public", Status.REPORTED, None)
    assert event.title == "广场舞音响夜间扰民" and event.description == form["description"]
    assert (event.contact_name, event.contact_phone, event.contact_email) == ("李明", "13800001111", "li@example.cn")
    assert event.address == "新北区某广场" and event.grid_id == site.grid.pk
    assert event.handler == site.worker and event.department.code == "environment"
    assert event.attributes == {"open311": {"client": "随手拍小程序", "device_id": "dev-1", "account_id": "acc-9"}}
    assert event.point.distance(site.point) < 1e-7


def test_extra_fields_set_the_priority_and_are_kept_and_photos_come_as_media_url(public, form, site):
    form.update(
        {
            "service_code": "safety.fire",
            "attribute[priority]": "4",
            "attribute[colour]": "ignored",
            "media_url": "https://img.example.cn/a.jpg",
        }
    )

    r = public.post(f"{BASE}/requests.json", form)

    assert r.status_code == 200, r.content
    event = Event.objects.get(code=r.json()[0]["service_request_id"])
    assert event.priority == 4 and event.category.code == "safety.fire"
    assert (
        event.attributes["open311"]["media_url"] == "https://img.example.cn/a.jpg" and "colour" not in event.attributes
    )


def test_people_affected_is_stored_as_a_number(public, form):
    form.update({"service_code": "dispute.neighbour", "attribute[people_affected]": "3"})

    r = public.post(f"{BASE}/requests.json", form)

    assert Event.objects.get(code=r.json()[0]["service_request_id"]).attributes["people_affected"] == 3


def test_gcj02_coordinates_are_accepted_with_the_crs_extension(public, form, site):
    gcj_lon, gcj_lat = wgs84_to_gcj02(site.lon, site.lat)
    form.update({"lat": f"{gcj_lat:.9f}", "long": f"{gcj_lon:.9f}", "crs": "gcj02"})

    r = public.post(f"{BASE}/requests.json", form)

    event = Event.objects.get(code=r.json()[0]["service_request_id"])
    assert event.point.x == pytest.approx(site.lon, abs=5e-6) and event.point.y == pytest.approx(site.lat, abs=5e-6)


def test_an_address_string_that_names_exactly_one_place_locates_the_request(public, form, site):
    Place.objects.create(kind="facility", name="三井街道文化广场", geom=site.point, point=site.point)
    del form["lat"], form["long"]
    form["address_string"] = "三井街道文化广场"

    r = public.post(f"{BASE}/requests.json", form)

    assert r.status_code == 200, r.content
    assert Event.objects.get(code=r.json()[0]["service_request_id"]).grid_id == site.grid.pk


def _without(form, *names):
    return {k: v for k, v in form.items() if k not in names}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "change, status, words",
    [
        (lambda f: _without(f, "api_key"), 403, ["api_key"]),
        (lambda f: {**f, "api_key": "not-a-key"}, 403, ["api_key"]),
        (lambda f: _without(f, "service_code"), 400, ["service_code"]),
        (lambda f: {**f, "service_code": "no.such"}, 400, ["no.such"]),
        (lambda f: {**f, "service_code": "city"}, 400, ["city"]),
        (lambda f: _without(f, "lat", "long", "address_string"), 400, ["lat", "address_string"]),
        (lambda f: _without(f, "long"), 400, ["long"]),
        (lambda f: {**f, "lat": "north"}, 400, ["lat"]),
        (lambda f: {**f, "long": "200"}, 400, ["long"]),
        (
            lambda f: _without({**f, "address_string": "人民公园东门"}, "lat", "long"),
            400,
            ["address_string", "geocoder"],
        ),
        (lambda f: _without({**f, "address_id": "A-1"}, "lat", "long", "address_string"), 400, ["address_id"]),
        (lambda f: {**f, "description": "吵" * 4001}, 400, ["description", "4000"]),
        (lambda f: {**f, "lat": "39.909", "long": "116.397"}, 400, ["not in our jurisdiction"]),
        (lambda f: {**f, "crs": "epsg:3857"}, 400, ["crs"]),
        (lambda f: {**f, "service_code": "city.manhole"}, 400, ["media_url"]),
        (lambda f: {**f, "media_url": "javascript:alert(1)"}, 400, ["media_url"]),
        (lambda f: {**f, "email": "not an address"}, 400, ["email"]),
        (
            lambda f: {
                **f,
                "service_code": "safety.fire",
                "media_url": "https://x.cn/1.jpg",
                "attribute[priority]": "9",
            },
            400,
            ["attribute[priority]"],
        ),
        (
            lambda f: {**f, "service_code": "dispute.family", "attribute[people_affected]": "lots"},
            400,
            ["attribute[people_affected]"],
        ),
        (lambda f: {**f, "jurisdiction_id": "310101"}, 404, ["jurisdiction_id"]),
    ],
    ids=[
        "no key",
        "bad key",
        "no service_code",
        "unknown service_code",
        "group code",
        "no location",
        "lat only",
        "bad lat",
        "long out of range",
        "unknown address",
        "address_id",
        "description too long",
        "outside district",
        "unknown crs",
        "photo required",
        "bad media_url",
        "bad email",
        "bad list value",
        "bad number",
        "jurisdiction",
    ],
)
def test_a_bad_post_is_refused_with_the_spec_error_and_stores_nothing(public, form, fmt, change, status, words):
    r = public.post(f"{BASE}/requests.{fmt}", change(form))

    assert_error(r, fmt, status, *words)
    assert not Event.objects.exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_deactivated_clients_key_is_403(public, form, fmt):
    Open311Client.objects.filter(api_key=digest(form["api_key"])).update(active=False)

    assert_error(public.post(f"{BASE}/requests.{fmt}", form), fmt, 403, "api_key")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_body_over_one_megabyte_is_refused(public, form, fmt):
    r = public.post(f"{BASE}/requests.{fmt}", {**form, "padding": "x" * conf.MAX_BODY_BYTES})

    assert_error(r, fmt, 413, str(conf.MAX_BODY_BYTES))
    assert not Event.objects.exists()


def test_a_description_of_exactly_4000_characters_is_accepted(public, form):
    assert public.post(f"{BASE}/requests.json", {**form, "description": "吵" * 4000}).status_code == 200


def test_other_methods_are_405(public):
    assert public.delete(f"{BASE}/requests.json").status_code == 405
    assert public.post(f"{BASE}/services.json").status_code == 405


# --- GET requests, one request, tokens ----------------------------------------------------------

NOW = timezone.now().replace(microsecond=0)


@pytest.fixture
def reported(site, other_site):
    """Public reports at several times and states, one private (a family dispute), one from a worker."""

    def public_event(title, category="ecology.noise", days_ago=0, where=site, **extra):
        return report_event(
            title=title,
            description=f"{title}的描述",
            category=category,
            lon=where.lon,
            lat=where.lat,
            source="public",
            contact={"name": "王女士", "phone": "13911112222"},
            now=NOW - timedelta(days=days_ago),
            **extra,
        )

    events = {
        "noise": public_event("噪音"),
        "food": public_event("食品", category="livelihood.elderly", days_ago=10, where=other_site, address="某路1号"),
        "old": public_event("旧噪音", days_ago=100),
        "family": public_event("家庭纠纷", category="dispute.family", days_ago=1),
        "worker": report_event(
            title="网格员上报",
            description="",
            category="ecology.noise",
            lon=site.lon,
            lat=site.lat,
            source="worker",
            reporter=site.worker,
            now=NOW,
        ),
    }
    from events.services import perform

    perform(
        events["food"], other_site.worker, "self_handle", version=1, note="已协调养老服务", now=NOW - timedelta(days=9)
    )
    return events


def ids(response, fmt) -> list[str]:
    return [r["service_request_id"] for r in records(response, fmt, "service_requests", "request")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_list_shows_public_requests_of_the_last_90_days_with_the_spec_fields(public, reported, fmt):
    r = public.get(f"{BASE}/requests.{fmt}")

    assert r.status_code == 200
    items = records(r, fmt, "service_requests", "request")
    assert [i["service_request_id"] for i in items] == [reported["noise"].code, reported["food"].code]
    assert all(list(i) == REQUEST_FIELDS for i in items)
    food = items[1]
    assert (food["status"], food["detailed_status"], food["service_code"], food["service_name"]) == (
        "closed",
        "fixed",
        "livelihood.elderly",
        "养老服务",
    )
    assert food["status_notes"] == "自办自结：已协调养老服务" and food["agency_responsible"] == "区民政局"
    assert food["address"] == "某路1号" and food["address_id"] is None and food["zipcode"] is None
    assert food["requested_datetime"] == timezone.localtime(reported["food"].created_at).isoformat()
    assert food["requested_datetime"].endswith("+08:00")
    assert food["expected_datetime"] == timezone.localtime(reported["food"].due_at).isoformat()
    assert float(food["lat"]) == pytest.approx(reported["food"].point.y) and float(food["long"]) == pytest.approx(
        reported["food"].point.x
    )
    noise = items[0]
    assert (noise["status"], noise["detailed_status"], noise["status_notes"]) == ("open", "open", "待受理")
    assert "王女士" not in r.content.decode() and "13911112222" not in r.content.decode()  # no contact details


def test_the_list_takes_one_query(public, reported, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert len(public.get(f"{BASE}/requests.json").json()) == 2


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "open"}, ["noise"]),
        ({"status": "closed"}, ["food"]),
        ({"status": "open,closed"}, ["noise", "food"]),
        ({"service_code": "livelihood.elderly"}, ["food"]),
        ({"service_code": "ecology.noise,livelihood.elderly"}, ["noise", "food"]),
        (
            {"start_date": (NOW - timedelta(days=120)).isoformat(), "end_date": (NOW - timedelta(days=50)).isoformat()},
            ["old"],
        ),
        ({"start_date": (NOW - timedelta(days=11)).isoformat()}, ["noise", "food"]),
        ({"end_date": (NOW - timedelta(days=15)).isoformat()}, ["old"]),  # the 90 days before it
        ({"start_date": (NOW - timedelta(days=2)).strftime("%Y-%m-%d")}, ["noise"]),
    ],
    ids=["open", "closed", "both", "one code", "two codes", "old window", "start only", "end only", "date only"],
)
def test_the_list_filters(public, reported, fmt, params, expected):
    r = public.get(f"{BASE}/requests.{fmt}", params)

    assert r.status_code == 200, r.content
    assert ids(r, fmt) == [reported[name].code for name in expected]


@pytest.mark.parametrize("fmt", FORMATS)
def test_ids_select_requests_and_the_other_filters_are_then_ignored(public, reported, fmt):
    wanted = f"{reported['old'].code},{reported['food'].code},SJ19990101-000001,{reported['worker'].code}"

    r = public.get(f"{BASE}/requests.{fmt}", {"service_request_id": wanted, "status": "open", "start_date": "garbage"})

    assert ids(r, fmt) == [reported["food"].code, reported["old"].code]  # never a worker's or a private one


def test_an_offset_whose_plus_arrived_as_a_space_is_read(public, reported):
    start = timezone.localtime(NOW - timedelta(days=11)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
    r = public.get(f"{BASE}/requests.json?start_date={start}")  # unencoded "+": a space once decoded

    assert r.status_code == 200 and ids(r, "json") == [reported["noise"].code, reported["food"].code]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "params, words",
    [
        ({"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-04-01T00:00:01+08:00"}, ["90"]),
        ({"start_date": "yesterday"}, ["start_date"]),
        ({"end_date": "2026-13-01"}, ["end_date"]),
        ({"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"}, ["end_date"]),
        ({"status": "fixed"}, ["status"]),
        ({"crs": "mars"}, ["crs"]),
    ],
    ids=["window over 90 days", "bad start", "bad end", "end before start", "unknown status", "unknown crs"],
)
def test_a_bad_query_is_400(public, fmt, params, words):
    assert_error(public.get(f"{BASE}/requests.{fmt}", params), fmt, 400, *words)


def test_a_window_of_exactly_90_days_is_allowed(public):
    r = public.get(
        f"{BASE}/requests.json", {"start_date": "2026-01-01T00:00:00+08:00", "end_date": "2026-04-01T00:00:00+08:00"}
    )

    assert r.status_code == 200 and r.json() == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_request_by_id(public, reported, fmt):
    r = public.get(f"{BASE}/requests/{reported['noise'].code}.{fmt}")

    assert r.status_code == 200
    (item,) = records(r, fmt, "service_requests", "request")
    assert list(item) == REQUEST_FIELDS
    assert (item["service_request_id"], item["description"], item["status"]) == (
        reported["noise"].code,
        "噪音的描述",
        "open",
    )


def test_coordinates_are_given_in_the_crs_asked_for(public, reported):
    event = reported["noise"]
    (item,) = public.get(f"{BASE}/requests/{event.code}.json", {"crs": "gcj02"}).json()

    assert (item["long"], item["lat"]) == pytest.approx(wgs84_to_gcj02(event.point.x, event.point.y), abs=1e-6)


def test_a_private_request_by_id_shows_its_status_only(public, reported):
    (item,) = public.get(f"{BASE}/requests/{reported['family'].code}.json").json()

    assert item["status"] == "open" and item["service_code"] == "dispute.family"
    assert item["description"] is item["address"] is item["lat"] is item["long"] is item["media_url"] is None


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", ["requests/SJ19990101-000001", "tokens/SJ19990101-000001"])
def test_an_unknown_request_or_token_is_404(public, fmt, path):
    assert_error(public.get(f"{BASE}/{path}.{fmt}"), fmt, 404, "SJ19990101-000001")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_workers_event_is_not_public(public, reported, fmt):
    assert_error(public.get(f"{BASE}/requests/{reported['worker'].code}.{fmt}"), fmt, 404)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_token_resolves_to_its_request_id(public, form, fmt):
    created = public.post(f"{BASE}/requests.json", form).json()[0]["service_request_id"]

    r = public.get(f"{BASE}/tokens/{created}.{fmt}")

    assert r.status_code == 200
    assert records(r, fmt, "service_requests", "request") == [{"service_request_id": created, "token": created}]


def test_text_that_looks_like_markup_survives_the_xml(public, form):
    form["description"] = 'a < b & "c" > d </description><x>'
    code = public.post(f"{BASE}/requests.json", form).json()[0]["service_request_id"]

    (item,) = records(public.get(f"{BASE}/requests/{code}.xml"), "xml", "service_requests", "request")

    assert item["description"] == form["description"]
