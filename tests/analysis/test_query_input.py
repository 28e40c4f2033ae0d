"""Bad input is a 400 naming the parameter (or a 404 for things outside the jurisdiction); a query
past the time limit is a 400 that asks for a narrower query."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.analysis.analysis_support import STREET_1, STREET_2, point_in_street

pytestmark = pytest.mark.django_db

BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[119.9, 31.9], [120.0, 32.0], [120.0, 31.9], [119.9, 32.0], [119.9, 31.9]]],
}
HUGE = {"type": "Polygon", "coordinates": [[[119.0, 31.0], [120.0, 31.0], [120.0, 32.0], [119.0, 32.0], [119.0, 31.0]]]}
SWAPPED = {"type": "Polygon", "coordinates": [[[31.9, 119.9], [31.9, 120.0], [32.0, 120.0], [31.9, 119.9]]]}


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("within", {"layer": "nope"}, "layer"),
        ("within", {"layer": "places", "geometry": "{not json"}, "geometry"),
        ("within", {"layer": "places", "geometry": json.dumps(BOWTIE)}, "geometry"),
        ("within", {"layer": "places", "geometry": json.dumps(SWAPPED)}, "geometry"),
        ("within", {"layer": "places", "geometry": json.dumps({"type": "Circle"})}, "geometry"),
        ("within", {"layer": "places", "geometry": json.dumps(HUGE)}, "geometry"),
        ("within", {"layer": "places", "kind": "castle"}, "kind"),
        ("within", {"layer": "places", "colour": "red"}, "colour"),
        ("within", {"layer": "places", "area": "12345"}, "area"),
        ("within", {"layer": "places", "crs": "epsg:3857"}, "crs"),
        ("within", {"layer": "places", "limit": 5000}, "limit"),
        ("within", {"layer": "places", "from": "2026-01-01"}, "from"),
        ("within", {"layer": "events", "from": "2026-02-01", "to": "2026-01-01"}, "from"),
        ("within", {"layer": "fixes"}, "from"),
        ("within", {"layer": "fixes", "from": "2026-01-01", "to": "2026-01-03"}, "to"),
        ("buffer", {"layer": "places", "lon": 119.95, "lat": 31.9}, "radius_m"),
        ("buffer", {"layer": "places", "lon": 119.95, "lat": 31.9, "radius_m": 10**6}, "radius_m"),
        ("buffer", {"layer": "places", "lon": 119.95, "radius_m": 100}, "lat"),
        ("buffer", {"layer": "places", "lon": 200, "lat": 31.9, "radius_m": 100}, "lon"),
        ("nearest", {"layer": "places"}, "lon"),
        ("nearest", {"layer": "places", "lon": 119.95, "lat": 31.9, "k": 0}, "k"),
        ("aggregate", {"layer": "places"}, "by"),
        ("aggregate", {"layer": "places", "by": "h3:12"}, "by"),
        ("within", {"layer": "places", "format": "gpkg", "kind": "castle"}, "kind"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_as, path, params, field):
    response = api_as("analyst").get(f"/api/v1/query/{path}", params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body.get("field") == field or field in body, body


def test_fixes_aggregate_may_span_more_than_a_day(api_as):
    now = timezone.now()
    params = {"layer": "fixes", "by": "h3:9", "from": (now - timedelta(days=7)).isoformat(), "to": now.isoformat()}
    response = api_as("analyst").get("/api/v1/query/aggregate", params)
    assert response.status_code == 200, response.content


def test_areas_and_centres_outside_the_jurisdiction_are_404(api_as):
    client = api_as(f"street{STREET_1[-3:]}")
    response = client.get("/api/v1/query/within", {"layer": "places", "area": STREET_2 + "000"})
    assert response.status_code == 404 and response.json()["field"] == "area"
    from grids.models import Place

    other = Place.objects.filter(location_code__startswith=STREET_2).first()
    response = client.get("/api/v1/query/buffer", {"layer": "places", "place": other.pk, "radius_m": 500})
    assert response.status_code == 404 and response.json()["field"] == "place"


def test_a_query_past_the_time_limit_is_a_clear_400(api_as, settings):
    settings.ANALYSIS_STATEMENT_TIMEOUT_MS = 1
    p = point_in_street(STREET_1)
    response = api_as("analyst").get(
        "/api/v1/query/aggregate",
        {
            "layer": "microgrids",
            "by": "h3:10",
            "geometry": json.dumps(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [[p.x - 0.2, p.y - 0.2], [p.x + 0.2, p.y - 0.2], [p.x + 0.2, p.y + 0.2], [p.x - 0.2, p.y - 0.2]]
                    ],
                }
            ),
        },
    )
    assert response.status_code == 400, response.content
    assert response.json()["field"] == "query" and "narrow" in response.json()["detail"]
