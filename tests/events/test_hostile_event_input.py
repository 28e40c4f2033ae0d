"""Hostile values at event intake (issue 13, items 5, 6, 14): control characters never reach the
Open311 feed, dates at the calendar's edges and clocks before 2000 are refused naming the field,
and a photo's decoded size is capped before it is decoded."""

import io
import json
from xml.etree import ElementTree as ET

import pytest
from django.test import Client
from PIL import Image
from rest_framework.test import APIClient

from events import conf as events_conf
from events.errors import BadPhoto
from events.integrations.models import IntegrationSource
from events.models import Event, Open311Client
from events.photos import check_photo

pytestmark = pytest.mark.django_db


def test_a_stored_control_character_does_not_break_the_open311_xml_feed(new_event):
    event = new_event(category="ecology.noise", source="public", reporter=None)
    Event.objects.filter(pk=event.pk).update(description="噪音\x01\x0b扰民")
    response = Client().get("/open311/v2/requests.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # a control character would make this raise
    descriptions = [e.text for e in root.iter("description")]
    assert "噪音扰民" in descriptions


def test_control_characters_in_an_open311_post_are_refused(site):
    key = Open311Client.issue("随手拍")[1]
    form = {"api_key": key, "service_code": "ecology.noise", "lat": site.lat, "long": site.lon}
    response = Client().post("/open311/v2/requests.json", {**form, "description": "a%01\x01\x0bb"})
    assert response.status_code == 400 and response.json()["field"] == "description"
    assert not Event.objects.filter(source="open311").exists()


@pytest.mark.parametrize("when", ["9999-12-31T00:00:00Z", "1999-12-31T23:00:00+08:00", "1980-01-01T00:00:00Z"])
def test_a_webhook_time_before_2000_or_far_ahead_is_refused_naming_it(site, when):
    source = IntegrationSource.objects.create(code="hotline", name="热线")
    item = {"external_id": "1", "title": "t", "category": "ecology.noise", "lon": site.lon, "lat": site.lat}
    response = APIClient().post(
        "/api/v1/integrations/hotline/events",
        data=json.dumps({**item, "reported_at": when}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {source.secret}",
    )
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "reported_at"


@pytest.mark.parametrize(
    "path, params, field",
    [
        ("/api/v1/reports/workers", {"date": "9999-12-31"}, "date"),
        ("/api/v1/workers/{worker}/track", {"date": "9999-12-31"}, "date"),
        ("/api/v1/heat", {"to": "9999-12-31T00:00:00Z"}, "to"),
        ("/open311/v2/requests.json", {"start_date": "9999-12-31T00:00:00Z"}, "start_date"),
    ],
)
def test_a_far_date_is_a_400_naming_the_field(district_op, site, path, params, field):
    client = Client()
    client.force_login(district_op)
    response = client.get(path.format(worker=site.worker.username), params)
    assert response.status_code == 400, response.content
    assert field in response.content.decode()  # the API's {field}, or Open311's description


def _png(width, height):
    out = io.BytesIO()
    Image.new("L", (width, height)).save(out, "PNG")
    out.seek(0)
    out.name = "big.png"
    return out


def test_a_photo_over_the_pixel_cap_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(events_conf, "MAX_PHOTO_PIXELS", 100 * 100)
    assert check_photo(_png(100, 100)).width == 100
    with pytest.raises(BadPhoto, match="megapixels"):
        check_photo(_png(101, 100))
