"""The assessment API: managers edit rules (bad formulas named), scores cut to the jurisdiction
with the numbers behind them, the Excel export equal to the database, points and redemptions."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.db import DatabaseError, transaction

from assessment.models import PointEntry, Score
from assessment.points import award_points
from assessment.services import compute_period


@pytest.fixture
def computed(period, site, today, helpers):
    helpers.on_duty(site.worker, site.grid, today.at(8), 4)
    compute_period(period.pk, today.now)
    return period


def test_rules_are_edited_by_managers_only_and_formulas_checked(api_as, period):
    url = f"/api/v1/assessment/periods/{period.pk}/rules"
    body = {"rules": [{"indicator": "patrol_rate", "weight": 50, "formula": "min(rate, 1) * 100"}]}
    assert api_as("street001").put(url, body, format="json").status_code == 403
    ok = api_as("district").put(url, body, format="json")
    assert ok.status_code == 200
    assert {r["indicator"]: r["weight"] for r in ok.json()["rules"]}["patrol_rate"] == 50
    bad = api_as("district").put(
        url,
        {"rules": [{"indicator": "visit_rate"}, {"indicator": "patrol_rate", "formula": "__import__('os')"}]},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["field"] == "rules[1].formula"


def test_scores_are_cut_to_the_jurisdiction(api_as, computed, site):
    url = f"/api/v1/assessment/periods/{computed.pk}/scores"
    streets = api_as("street001").get(url, {"level": "street"}).json()
    assert [s["code"] for s in streets] == ["320411001000"]
    everyone = api_as("district").get(url, {"level": "street", "limit": 50}).json()
    assert len(everyone) == Score.objects.filter(period=computed, level="street").count() > 1
    assert [s["rank"] for s in everyone] == sorted(s["rank"] for s in everyone)
    other = Score.objects.filter(period=computed, level="grid").exclude(code__startswith="320411001").first()
    assert api_as("street001").get(f"/api/v1/assessment/scores/{other.pk}").status_code == 404
    mine = Score.objects.get(period=computed, level="worker", user=site.worker)
    shown = api_as("street001").get(f"/api/v1/assessment/scores/{mine.pk}").json()
    assert shown["details"]["inputs"]["duty_hours"] == 4 and shown["user"] == site.worker.username
    assert api_as("street001").get(url, {"level": "town"}).json()["field"] == "level"


def test_excel_export_holds_the_scores_of_the_jurisdiction(api_as, computed):
    response = api_as("street001").get(f"/api/v1/assessment/periods/{computed.pk}/scores.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["网格"].iter_rows(min_row=2, values_only=True))
    expected = Score.objects.filter(period=computed, level="grid", code__startswith="320411001")
    assert {r[1]: r[3] for r in rows} == {s.code: s.total for s in expected}


def test_period_creation_and_closing(api_as, period):
    created = api_as("district").post(
        "/api/v1/assessment/periods", {"kind": "quarter", "day": "2026-05-02"}, format="json"
    )
    assert created.status_code == 201
    assert (created.json()["start"], created.json()["end"], created.json()["name"]) == (
        "2026-04-01",
        "2026-07-01",
        "2026年第2季度",
    )
    patrol = {r["indicator"]: r for r in created.json()["rules"]}["patrol_rate"]
    assert patrol["required"] == 240  # the monthly default × 3
    again = api_as("district").post(
        "/api/v1/assessment/periods", {"kind": "quarter", "day": "2026-06-30"}, format="json"
    )
    assert again.status_code == 409
    closed = api_as("district").post(f"/api/v1/assessment/periods/{period.pk}/close")
    assert closed.json()["status"] == "closed"
    spot = api_as("district").post(
        f"/api/v1/assessment/periods/{period.pk}/spot-checks",
        {"grid": "320411001001001", "asked": 5, "aware": 4},
        format="json",
    )
    assert spot.status_code == 409


def test_points_are_awarded_once_ranked_and_redeemed(api_as, site, today, helpers):
    session = helpers.on_duty(site.worker, site.grid, today.at(8), 3)
    helpers.visit(site.worker, site.grid, today.at(9))
    helpers.visit(site.worker, site.grid, today.at(10), accepted=False)
    assert award_points(today.now, since=today.at(0)) == 2
    assert award_points(today.now, since=today.at(0)) == 0  # nothing twice
    lines = {e.source: e.points for e in PointEntry.objects.filter(user=site.worker)}
    assert lines[f"session:{session.pk}"] == 6  # 3 hours × 2 points
    assert sum(lines.values()) == 7

    month = today.at(0).strftime("%Y-%m")
    ranking = api_as("street001").get("/api/v1/assessment/points/ranking", {"month": month}).json()
    assert ranking[0] == {
        "rank": 1,
        "user": site.worker.username,
        "name": site.worker.display_name,
        "code": site.grid.code,
        "points": 7,
    }
    assert api_as("street002").get("/api/v1/assessment/points/ranking", {"month": month}).json() == []

    url = "/api/v1/assessment/points/redemptions"
    short = api_as("district").post(url, {"user": site.worker.username, "item": "毛巾", "points": 8}, format="json")
    assert short.status_code == 409 and short.json()["field"] == "points"
    ok = api_as("district").post(url, {"user": site.worker.username, "item": "毛巾", "points": 5}, format="json")
    assert ok.status_code == 201
    ledger = api_as("district").get(f"/api/v1/assessment/points/ledger/{site.worker.username}").json()
    assert ledger["balance"] == 2 and len(ledger["lines"]) == 3
    # redemptions do not lower the month's ranking
    assert api_as("district").get("/api/v1/assessment/points/ranking", {"month": month}).json()[0]["points"] == 7
    xlsx = api_as("district").get("/api/v1/assessment/points/ranking.xlsx", {"month": month})
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).active["B2"].value == site.worker.username


def test_the_ledger_is_append_only(site, today):
    entry = PointEntry.objects.create(user=site.worker, action="visit", points=1, source="test:1", time=today.at(1))
    for change in (lambda: PointEntry.objects.filter(pk=entry.pk).update(points=100), entry.delete):
        with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
            change()
    assert PointEntry.objects.get(pk=entry.pk).points == 1
    assert today.at(1) - entry.time == timedelta(0)


def test_far_dates_are_refused_by_name(api_as, db):
    far = api_as("district").post("/api/v1/assessment/periods", {"kind": "month", "day": "9999-12-31"}, format="json")
    assert far.status_code == 400 and far.json()["field"] == "day"
    month = api_as("district").get("/api/v1/assessment/points/ranking", {"month": "0000-01"})
    assert month.status_code == 400 and month.json()["field"] == "month"
