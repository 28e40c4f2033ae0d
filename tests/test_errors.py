"""The one error body of the API ({detail, field?, errors?}) on a sample of every app's endpoints,
from services, from DRF itself and from the plain views; 413 for bodies over a limit."""

import json

import pytest
from django.test import Client
from rest_framework import exceptions
from rest_framework.test import APIClient

from config.errors import api_exception_handler
from geo.api.errors import field_errors

pytestmark = pytest.mark.django_db


def assert_body(response, status, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    if field is None:
        assert set(body) == {"detail"}
    else:
        assert body["field"] == field
        assert body["errors"][0]["field"] == field and all(set(e) == {"field", "message"} for e in body["errors"])
    return body


def test_a_bad_query_parameter_names_it(api_as):
    assert_body(api_as("district").get("/api/v1/areas", {"bbox": "1,2"}), 400, "bbox")
    body = assert_body(api_as("district").get("/api/v1/locate", {"lon": "abc"}), 400, "lon")
    assert {e["field"] for e in body["errors"]} == {"lon", "lat"}  # every problem, not just the first


def test_a_service_error_names_its_field(api_as):
    assert_body(api_as("district").get("/api/v1/locate", {"lon": 119.9, "lat": 31.9, "crs": "utm"}), 400, "crs")
    assert_body(api_as("street001").get("/api/v1/workers/nobody/card"), 404)


def test_malformed_json_and_a_json_array_are_the_body_at_fault(api_as):
    api = api_as("district")
    broken = api.generic("POST", "/api/v1/duty/checkin", b'{"lon": ', content_type="application/json")
    assert_body(broken, 400, "body")
    array = api.post("/api/v1/visits", [{"place": 1}], format="json")
    assert "JSON 对象" in assert_body(array, 400, "body")["detail"]


def test_drf_authentication_permission_and_not_found_errors(api_as):
    anonymous = APIClient().get("/api/v1/me")
    assert_body(anonymous, 401)
    assert anonymous["WWW-Authenticate"] == "Token"
    assert_body(api_as("street001").get("/api/v1/grids/999999999"), 404)
    assert_body(api_as("district").get("/api/v1/event-categories", HTTP_ACCEPT="text/csv"), 406)


def test_an_unknown_api_url_is_a_json_404_and_a_page_stays_html():
    assert_body(Client().get("/api/v1/no-such-thing"), 404)
    assert_body(Client().get("/tiles/no/such/path"), 404)
    assert Client().get("/no-such-page/").headers["Content-Type"].startswith("text/html")


def test_tiles_answer_the_same_body():
    assert_body(Client().get("/tiles/grids/12/3400/1600.pbf"), 401)


def test_tile_errors_name_the_coordinate(api_as):
    assert_body(api_as("district").get("/tiles/grids/3/9/1.pbf"), 400, "x")
    assert_body(api_as("district").get("/tiles/nosuch/3/1/1.pbf"), 404, "layer")


def test_tracker_protocols_answer_the_common_body(client):
    assert_body(client.get("/osmand/", {"id": "no-such-device", "lat": 31.9, "lon": 119.9}), 400, "id")
    owntracks = client.post("/owntracks/", b"{}", content_type="application/json")
    assert_body(owntracks, 401, "authorization")
    assert owntracks["WWW-Authenticate"] == 'Basic realm="wangge"'


def test_bodies_over_the_limit_are_413(api_as, client):
    from tracking import conf

    too_big = b"[" + b" " * conf.MAX_BATCH_BYTES + b"]"
    assert_body(client.generic("POST", "/osmand/", too_big, content_type="application/json"), 413, "body")
    assert_body(client.generic("POST", "/owntracks/", too_big, content_type="application/json"), 413, "body")
    batch = api_as("district").generic("POST", "/api/v1/positions", too_big, content_type="application/json")
    assert str(conf.MAX_BATCH_BYTES) in assert_body(batch, 413, "body")["detail"]


def test_throttling_keeps_its_retry_after():
    response = api_exception_handler(exceptions.Throttled(wait=12), {})

    assert response.status_code == 429 and response["Retry-After"] == "12"
    assert set(response.data) == {"detail"}


def test_nested_and_listed_fields_get_dotted_names():
    detail = {
        "contact": {"phone": ["太长"], "email": ["无效"]},
        "attachments": {2: ["不是对象"]},
        "rows": [{}, {"lat": ["超出范围"]}],
        "non_field_errors": ["整体无效"],
    }

    assert [e["field"] for e in field_errors(detail)] == [
        "contact.phone",
        "contact.email",
        "attachments[2]",
        "rows[1].lat",
        "body",
    ]


def test_the_openapi_document_has_one_error_component_on_the_operations(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--file", str(tmp_path / "schema.json"), "--format", "openapi-json")
    schema = json.loads((tmp_path / "schema.json").read_text())
    error = "#/components/schemas/Error"

    def ref(path, method, status):
        return schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]["$ref"]

    assert set(schema["components"]["schemas"]["Error"]["properties"]) == {"detail", "field", "errors"}
    assert ref("/api/v1/locate", "get", "400") == ref("/api/v1/locate", "get", "401") == error
    assert ref("/api/v1/events/{id}", "get", "404") == error
    assert ref("/api/v1/positions", "post", "413") == error
    assert "401" not in schema["paths"]["/api/v1/auth/token"]["post"]["responses"]  # anyone may ask for a token
