"""The event list and detail: GeoJSON for the map, filters, a fixed number of queries, and the
jurisdiction cut (another street's event is absent from lists and 404 by id on every path)."""

import pytest
from events_support import image_bytes, upload

from events.models import Event
from events.services import perform

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/events"


@pytest.fixture
def mixed(site, other_site, new_event):
    a = new_event(title="井盖", category="city.manhole", photos=[upload("a.jpg", image_bytes())])
    b = new_event(title="噪音", category="ecology.noise", source="hotline_12345", reporter=None, external_id="12345-1")
    c = new_event(title="纠纷")
    perform(c, site.street_op, "supervise", version=1)
    d = new_event(title="别街", lon=other_site.lon, lat=other_site.lat)
    return a, b, c, d


def test_the_list_is_geojson_of_the_jurisdiction_in_a_fixed_number_of_queries(
    site, mixed, api_as, django_assert_num_queries
):
    a, b, c, d = mixed
    api = api_as(site.street_op.username)

    with django_assert_num_queries(3):  # token, count, page
        body = api.get(EVENTS).json()

    assert body["type"] == "FeatureCollection" and body["count"] == 3
    assert {f["id"] for f in body["features"]} == {a.pk, b.pk, c.pk}
    feature = next(f for f in body["features"] if f["id"] == a.pk)
    assert feature["geometry"]["type"] == "Point" and feature["properties"]["category"] == "city.manhole"
    assert feature["properties"]["handler_name"] == site.worker.first_name


@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=reported", "abc"),
        ("category=city", "a"),
        ("category=city.manhole", "a"),
        ("source=hotline_12345", "b"),
        ("supervised=true", "c"),
        ("supervised=false", "ab"),
        ("overdue=false", "abc"),
        ("todo=true", ""),
    ],
)
def test_filters(site, mixed, api_as, query, expected):
    ids = {e.pk: name for e, name in zip(mixed, "abcd", strict=False)}

    body = api_as(site.street_op.username).get(f"{EVENTS}?{query}").json()

    assert "".join(sorted(ids[f["id"]] for f in body["features"])) == expected


def test_the_code_bbox_and_location_filters(site, mixed, api_as):
    a = mixed[0]
    api = api_as("district")
    box = f"{site.lon - 0.001},{site.lat - 0.001},{site.lon + 0.001},{site.lat + 0.001}"

    assert [f["id"] for f in api.get(f"{EVENTS}?code={a.code}").json()["features"]] == [a.pk]
    assert {f["id"] for f in api.get(f"{EVENTS}?bbox={box}").json()["features"]} == {e.pk for e in mixed[:3]}
    assert {f["id"] for f in api.get(f"{EVENTS}?location={site.street_code}").json()["features"]} == {
        e.pk for e in mixed[:3]
    }
    assert api.get(f"{EVENTS}?location={site.grid.code}").json()["count"] == 3


@pytest.mark.parametrize("query", ["status=lost", "overdue=maybe", "bbox=1,2,3", "source=fax"])
def test_bad_filters_are_400(site, api_as, query):
    assert api_as("district").get(f"{EVENTS}?{query}").status_code == 400


def test_another_streets_event_is_404_on_every_path(site, mixed, api_as):
    d = mixed[3]
    api = api_as(site.street_op.username)

    for path in ("", "/route", "/nearby"):
        r = api.get(f"{EVENTS}/{d.pk}{path}")
        assert r.status_code == 404 and "不存在" in r.json()["detail"]
    assert api.post(f"{EVENTS}/{d.pk}/actions", {"action": "reject", "version": 1}, format="json").status_code == 404
    assert (
        api.post(f"{EVENTS}/{d.pk}/dispatch", {"user": site.worker.username, "version": 1}, format="json").status_code
        == 404
    )
    assert Event.objects.get(pk=d.pk).status == "reported"


def test_a_photo_of_another_streets_event_is_404(site, other_site, new_event, api_as):
    event = new_event(
        category="city.manhole", lon=other_site.lon, lat=other_site.lat, photos=[upload("x.jpg", image_bytes())]
    )
    url = f"{EVENTS}/{event.pk}/photos/{event.photos.get().pk}"

    assert api_as(site.street_op.username).get(url).status_code == 404
    assert api_as(other_site.street_op.username).get(url).status_code == 200


def test_the_detail_has_the_timeline_and_masks_the_phone_for_analysts(site, new_event, api_as):
    event = new_event(contact={"name": "李女士", "phone": "13912345678"})
    perform(event, site.worker, "accept", version=1, note="马上到")

    operator = api_as(site.street_op.username).get(f"{EVENTS}/{event.pk}").json()["properties"]
    analyst = api_as("analyst").get(f"{EVENTS}/{event.pk}").json()["properties"]

    assert [(a["action"], a["note"]) for a in operator["actions"]][-1] == ("accept", "马上到")
    assert operator["contact"]["phone"] == "13912345678" and analyst["contact"]["phone"] == "139****5678"


def test_categories_and_departments_are_listed(api_as):
    api = api_as("district")

    categories = {c["code"]: c for c in api.get("/api/v1/event-categories").json()}
    departments = {d["code"] for d in api.get("/api/v1/departments").json()}

    assert categories["city.manhole"] == {
        "code": "city.manhole",
        "name": "井盖破损",
        "parent": "city",
        "department": "urban_management",
        "deadline_hours": 24,
        "photo_required": True,
        "description": "",
    }
    assert {"public_order", "city", "safety", "dispute", "livelihood"} <= {
        c for c, v in categories.items() if v["parent"] is None
    }
    assert categories["safety.fire"]["department"] == "fire" and categories["dispute.neighbour"]["parent"] == "dispute"
    assert {"police", "urban_management", "justice", "fire"} <= departments
