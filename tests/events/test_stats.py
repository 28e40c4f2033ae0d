"""Statistics for a constructed set of events at fixed times (Asia/Shanghai), cut to jurisdiction."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from events.services import perform
from events.stats import event_stats
from geo.jurisdiction import Jurisdiction

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=TZ)


def at(month, day, hour, year=2026):
    return datetime(year, month, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def constructed(site, other_site, new_event, make_user):
    # street 001: one self-handled today in 2 h, one open today, one closed after 48 h last week,
    # one open since last year; street 002: one open today
    noise = new_event(category="ecology.noise", now=at(6, 15, 8))
    perform(noise, site.worker, "self_handle", version=1, now=at(6, 15, 10))
    new_event(now=at(6, 15, 9))
    dispute = new_event(now=at(6, 10, 9))
    perform(dispute, site.worker, "accept", version=1, now=at(6, 11, 9))
    perform(dispute, site.worker, "resolve", version=2, now=at(6, 12, 8))
    perform(dispute, site.street_op, "close", version=3, now=at(6, 12, 9), rating=5)
    new_event(category="livelihood.elderly", now=at(12, 31, 9, year=2025))
    new_event(lon=other_site.lon, lat=other_site.lat, now=at(6, 15, 7))
    new_event(now=at(6, 15, 13))  # after NOW: not counted yet


def test_a_street_sees_its_own_numbers(site, constructed):
    stats = event_stats(Jurisdiction(site.street_code[:9]), now=NOW)

    assert {
        k: stats[k] for k in ("total", "today", "this_year", "open", "overdue", "supervised", "finished_today")
    } == {"total": 4, "today": 2, "this_year": 3, "open": 2, "overdue": 0, "supervised": 0, "finished_today": 1}
    assert stats["avg_close_hours"] == 25.0  # (2 h + 48 h) / 2
    assert stats["close_rate_today"] == 0.5  # of the two reported today, one is finished
    assert stats["by_category"] == [
        {"code": "dispute.neighbour", "name": "邻里纠纷", "count": 2},
        {"code": "ecology.noise", "name": "噪声扰民", "count": 1},
        {"code": "livelihood.elderly", "name": "养老服务", "count": 1},
    ]
    assert [(r["code"], r["count"]) for r in stats["by_street"]] == [(site.street_code, 4)]
    assert [(r["code"], r["count"]) for r in stats["by_department"]] == [
        ("justice", 2),
        ("civil_affairs", 1),
        ("environment", 1),
    ]


def test_the_district_sees_every_street(site, other_site, constructed):
    stats = event_stats(Jurisdiction("320411"), now=NOW)

    assert (stats["total"], stats["today"], stats["open"]) == (5, 3, 3)
    assert stats["close_rate_today"] == pytest.approx(1 / 3, abs=1e-4)
    assert sorted((r["code"], r["count"]) for r in stats["by_street"]) == [
        (site.street_code, 4),
        (other_site.street_code, 1),
    ]


def test_the_stats_endpoint_is_cut_to_the_jurisdiction(site, other_site, new_event, api_as):
    new_event()
    new_event(lon=other_site.lon, lat=other_site.lat)

    mine = api_as(site.street_op.username).get("/api/v1/events/stats").json()
    everyone = api_as("district").get("/api/v1/events/stats").json()

    assert (mine["total"], mine["today"], everyone["total"]) == (1, 1, 2)
    assert mine["close_rate_today"] == 0.0 and mine["avg_close_hours"] is None
