"""Every screen's data, cut to the reader's jurisdiction; the event-warning figures equal the
events statistics computed directly from the events table."""

import pytest
from django.utils import timezone

from events.stats import event_stats
from geo.jurisdiction import Jurisdiction
from screens.builders import SCREENS
from screens.services import refresh

NAMES = sorted(SCREENS)


@pytest.fixture
def refreshed(site, today, new_event):
    new_event(site.grid, site.worker, today.at(1), status="closed", closed_at=today.at(2))
    new_event(site.grid, None, today.at(1), source="city_management", category="livelihood.assistance", overdue=True)
    refresh(timezone.now())
    return site


@pytest.mark.parametrize("name", NAMES)
def test_a_street_operator_sees_their_street_only(api_as, refreshed, name):
    response = api_as("street001").get(f"/api/v1/screens/{name}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["area"] == {"code": "320411001000", "name": body["area"]["name"], "level": "street"}
    assert all(c["code"].startswith("320411001") for c in body.get("children", []))
    for feature in body.get("overdue_events", {}).get("features", []):
        assert feature["properties"]["code"]
    assert api_as("street001").get(f"/api/v1/screens/{name}", {"area": "320411002000"}).status_code == 404
    district = api_as("district").get(f"/api/v1/screens/{name}").json()
    assert district["area"]["level"] == "district"
    if "children" in district:
        assert {c["code"][:9] for c in district["children"]} >= {"320411001", "320411002"}


def test_an_area_inside_the_jurisdiction_can_be_opened(api_as, refreshed):
    grid = refreshed.grid.code
    body = api_as("street001").get("/api/v1/screens/base", {"area": grid}).json()
    assert body["area"]["level"] == "grid" and body["children"] == []
    assert api_as("street001").get("/api/v1/screens/nope").status_code == 404
    assert api_as("street001").get("/api/v1/screens/base", {"area": "12"}).json()["field"] == "area"


@pytest.mark.parametrize("username", ["district", "street001"])
def test_warning_figures_equal_the_events_table(api_as, refreshed, username):
    from accounts.models import User

    figures = api_as(username).get("/api/v1/screens/warning").json()["figures"]
    direct = event_stats(Jurisdiction.for_user(User.objects.get(username=username)))
    for key in ("today", "this_year", "total", "open", "overdue", "supervised", "close_rate_today"):
        assert figures[key] == direct[key], key
    assert figures["avg_close_hours"] == pytest.approx(direct["avg_close_hours"], abs=0.01)


def test_city_management_and_overdue_events(api_as, refreshed):
    body = api_as("street001").get("/api/v1/screens/city").json()
    assert body["figures"]["today"]["city_management"] == 1
    assert body["figures"]["overdue"] >= 1
    overdue = api_as("street001").get("/api/v1/screens/warning").json()["overdue_events"]["features"]
    assert any(f["properties"]["title"] == "测试事项" for f in overdue)
    assert sum(f["properties"]["n"] for f in body["hot"]["features"]) >= 1


def test_the_screen_list(api_as, db):
    body = api_as("street001").get("/api/v1/screens").json()
    assert [s["name"] for s in body["screens"]] == list(SCREENS)
    assert body["poll_seconds"] > 0


def test_drill_down_links_answer(api_as, refreshed):
    """Every link of every screen opens for the reader (200), within their jurisdiction."""
    client = api_as("street001")
    for name in NAMES:
        body = client.get(f"/api/v1/screens/{name}").json()
        for key, link in body["links"].items():
            response = client.get(link)
            assert response.status_code == 200, (name, key, link, response.content[:200])
