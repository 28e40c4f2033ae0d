"""The risks screen groups events by the ten risk kinds of their categories (Category.risk_kind,
from data/events/categories.csv): each kind's count equals the events table, and its drill-down
link lists exactly those events."""

import pytest
from django.utils import timezone

from events.models import Category, Event, RiskKind
from screens.services import refresh
from tracking.days import local_day_bounds


@pytest.fixture
def events_of_every_kind(site, today, new_event):
    """Street 001: 1–3 events in a category of each kind, and one that is not a risk (养老服务)."""
    for i, kind in enumerate(RiskKind):
        category = Category.objects.filter(risk_kind=kind).order_by("code").first()
        for _ in range(i % 3 + 1):
            new_event(site.grid, site.worker, today.at(1), category_id=category.pk)
    new_event(site.grid, site.worker, today.at(1), category="livelihood.elderly")
    refresh(timezone.now())
    return site


def test_every_category_names_a_known_kind_or_none(db):
    kinds = set(Category.objects.values_list("risk_kind", flat=True))
    assert kinds - {""} == set(RiskKind.values)
    assert Category.objects.get(code="safety.fire").risk_kind == RiskKind.FIRE
    assert Category.objects.get(code="livelihood.elderly").risk_kind == ""


def test_each_kind_count_equals_the_events_table(api_as, events_of_every_kind, today):
    client = api_as("street001")
    body = client.get("/api/v1/screens/risks").json()
    figures = body["figures"]
    since = local_day_bounds(today.day.fromordinal(today.day.toordinal() - 29))[0]
    events = Event.objects.filter(location_code__startswith="320411001", created_at__gte=since)
    assert [k["key"] for k in figures["by_kind_30d"]] == RiskKind.values
    for kind in figures["by_kind_30d"]:
        expected = events.filter(category__risk_kind=kind["key"]).count()
        assert kind["count"] == expected >= 1, kind
        assert kind["name"] == str(RiskKind(kind["key"]).label)
        listed = client.get(body["links"][kind["key"]]).json()
        assert {f["properties"]["category"] for f in listed["features"]} <= set(
            Category.objects.filter(risk_kind=kind["key"]).values_list("code", flat=True)
        )
        assert (
            listed["count"]
            == Event.objects.filter(location_code__startswith="320411001", category__risk_kind=kind["key"]).count()
        )
    assert figures["not_risks_30d"] == events.filter(category__risk_kind="").count() >= 1
    assert figures["total_30d"] == events.count()


def test_the_event_list_refuses_an_unknown_risk_kind(api_as, db):
    response = api_as("district").get("/api/v1/events", {"risk_kind": "weather"})
    assert response.status_code == 400
    assert response.json()["field"] == "risk_kind"
