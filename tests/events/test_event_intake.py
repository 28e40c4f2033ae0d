"""Worker intake `POST /api/v1/events` on real PostGIS: real JPEG/PNG photos made with Pillow (with
EXIF GPS), files that only pretend to be images, the size limit, points outside the district,
the category's photo requirement, coordinate systems, and idempotent intake for integrations."""

import re
from datetime import timedelta

import pytest
from events_support import image_bytes, offset, upload

from events import conf
from events.models import Event, EventAction, EventPhoto
from events.services import report_event
from geo.crs import wgs84_to_gcj02
from grids.services import OutsideDistrict

pytestmark = pytest.mark.django_db
EVENTS = "/api/v1/events"


def test_a_worker_reports_an_event_with_photos_and_it_is_located_routed_and_logged(site, api_as):
    # given a worker standing in their grid with a JPEG whose EXIF says it was taken 50 m east
    api = api_as(site.worker.username)
    exif_lon, exif_lat = offset(site.lon, site.lat, dx=50)
    jpeg = upload("井盖.jpg", image_bytes("JPEG", (120, 90), gps=(exif_lon, exif_lat)))
    png = upload("近景.png", image_bytes("PNG", (40, 30)), "image/png")

    # when they report a broken manhole cover there
    r = api.post(
        EVENTS,
        {
            "title": "井盖破损",
            "description": "人行道井盖缺失",
            "category": "city.manhole",
            "lon": site.lon,
            "lat": site.lat,
            "priority": "3",
            "photos": [jpeg, png],
        },
        format="multipart",
    )

    # then it is stored, located to the grid, routed to the grid's worker and the category's department
    assert r.status_code == 201, r.json()
    body = r.json()
    props = body["properties"]
    assert re.fullmatch(r"SJ\d{8}-\d{6,}", props["code"])
    assert props["status"] == "reported" and props["level"] == "grid" and props["priority"] == 3
    assert props["grid"] == site.grid.code and props["location_code"].startswith(site.grid.code)
    assert props["handler"] == site.worker.pk and props["department"] == "urban_management"
    assert body["geometry"]["type"] == "Point"
    assert body["geometry"]["coordinates"] == pytest.approx([site.lon, site.lat], abs=1e-9)
    event = Event.objects.get(pk=body["id"])
    assert event.reporter == site.worker and event.source == "worker"
    assert event.due_at - event.created_at == timedelta(hours=24)
    # the photos were checked by content and measured; the EXIF position is a hint, not the location
    photos = {p["original_name"]: p for p in props["photos"]}
    assert (photos["井盖.jpg"]["width"], photos["井盖.jpg"]["height"]) == (120, 90)
    assert (photos["近景.png"]["width"], photos["近景.png"]["height"]) == (40, 30)
    assert props["exif_location"]["lon"] == pytest.approx(exif_lon, abs=1e-5)
    assert props["exif_location"]["lat"] == pytest.approx(exif_lat, abs=1e-5)
    assert props["exif_location"]["distance_m"] == pytest.approx(50, abs=1)
    assert event.point.x == pytest.approx(site.lon, abs=1e-9)
    stored = EventPhoto.objects.get(event=event, original_name="井盖.jpg")
    assert stored.file.name.endswith(".jpg") and stored.file.storage.exists(stored.file.name)
    # and the log starts with the report
    assert list(EventAction.objects.filter(event=event).values_list("action", "to_status")) == [("report", "reported")]
    # and the photo can be fetched back by whoever may see the event
    download = api.get(photos["井盖.jpg"]["url"])
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"
    assert b"".join(download.streaming_content)[:2] == b"\xff\xd8"


def test_a_text_file_named_jpg_is_refused_naming_the_file(site, api_as):
    api = api_as(site.worker.username)
    fake = upload("现场.jpg", b"this is not an image at all")

    r = api.post(
        EVENTS,
        {"title": "井盖破损", "category": "city.manhole", "lon": site.lon, "lat": site.lat, "photos": [fake]},
        format="multipart",
    )

    assert r.status_code == 400
    assert "现场.jpg" in r.json()["detail"] and r.json()["field"] == "photos"
    assert not Event.objects.exists()


def test_a_gif_is_refused_even_as_a_real_image(site, api_as):
    r = api_as(site.worker.username).post(
        EVENTS,
        {
            "title": "井盖破损",
            "category": "city.manhole",
            "lon": site.lon,
            "lat": site.lat,
            "photos": [upload("动图.gif", image_bytes("GIF"), "image/gif")],
        },
        format="multipart",
    )

    assert r.status_code == 400 and "动图.gif" in r.json()["detail"] and "GIF" in r.json()["detail"]


def test_a_photo_over_10_mb_is_refused(site, api_as):
    big = image_bytes("JPEG") + b"\0" * (conf.MAX_PHOTO_BYTES)

    r = api_as(site.worker.username).post(
        EVENTS,
        {
            "title": "井盖破损",
            "category": "city.manhole",
            "lon": site.lon,
            "lat": site.lat,
            "photos": [upload("大图.jpg", big)],
        },
        format="multipart",
    )

    assert r.status_code == 400 and "大图.jpg" in r.json()["detail"] and "10 MB" in r.json()["detail"]
    assert not Event.objects.exists()


def test_a_point_outside_the_district_is_refused_with_a_clear_message(site, api_as):
    r = api_as(site.worker.username).post(
        EVENTS, {"title": "邻里纠纷", "category": "dispute.neighbour", "lon": 116.397, "lat": 39.909}, format="json"
    )

    assert r.status_code == 400
    assert "不在辖区内" in r.json()["detail"]
    assert not Event.objects.exists()


def test_a_category_that_needs_a_photo_refuses_a_report_without_one(site, api_as):
    r = api_as(site.worker.username).post(
        EVENTS, {"title": "消防通道堵塞", "category": "safety.fire", "lon": site.lon, "lat": site.lat}, format="json"
    )

    assert r.status_code == 400 and r.json()["field"] == "photos" and "消防隐患" in r.json()["detail"]


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("category", "no.such", "category"),
        ("crs", "epsg:3857", "crs"),
        ("lat", "north", "lat"),
        ("priority", "9", "priority"),
        ("title", "", "title"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(site, api_as, field, value, expected):
    data = {"title": "邻里纠纷", "category": "dispute.neighbour", "lon": site.lon, "lat": site.lat}
    data[field] = value

    r = api_as(site.worker.username).post(EVENTS, data, format="json")

    assert r.status_code == 400, r.json()
    assert r.json()["field"] == expected


def test_gcj02_coordinates_are_converted_to_wgs84(site, api_as):
    gcj_lon, gcj_lat = wgs84_to_gcj02(site.lon, site.lat)

    r = api_as(site.worker.username).post(
        EVENTS,
        {"title": "邻里纠纷", "category": "dispute.neighbour", "lon": gcj_lon, "lat": gcj_lat, "crs": "gcj02"},
        format="json",
    )

    assert r.status_code == 201
    assert r.json()["geometry"]["coordinates"] == pytest.approx([site.lon, site.lat], abs=5e-6)  # < 0.5 m
    assert r.json()["properties"]["grid"] == site.grid.code


def test_the_same_external_item_is_stored_once(site):
    args = dict(
        title="12345工单: 噪音",
        description="",
        category="ecology.noise",
        lon=site.lon,
        lat=site.lat,
        crs="wgs84",
        source="hotline_12345",
        contact={"name": "张先生", "phone": "13900001111"},
        external_id="GD-2026-0001",
        attributes={"channel": "phone"},
    )

    first = report_event(**args)
    second = report_event(**args)

    assert first.pk == second.pk and Event.objects.filter(external_id="GD-2026-0001").count() == 1
    assert first.reporter is None and first.contact_phone == "13900001111" and first.attributes == {"channel": "phone"}


def test_the_service_refuses_a_point_outside_the_district(site):
    with pytest.raises(OutsideDistrict):
        report_event(title="t", description="", category="other", lon=121.47, lat=31.23, crs="wgs84", source="public")
