"""Computing a period on real data: each indicator from the rows behind it, the roll-up to grid,
community and street, a weight change reflected in the next computation, and freezing."""

import pytest

from assessment.models import Score
from assessment.services import close_period, compute_period, enter_spot_check, set_rules
from geo.errors import Conflict


def _score(period, level, **kw):
    return Score.objects.get(period=period, level=level, **kw)


@pytest.fixture
def activity(site, period, today, helpers, district_op):
    """The worker: 6 h of duty, 3 accepted visits (+1 refused), fixes in 4 of the grid's micro-grids.
    The leader: 2 h of duty. The grid: 4 events — 2 finished (1 on time, 1 late), 1 finished
    without a deadline, 1 open. A spot check: 8 of 10 aware."""
    helpers.on_duty(site.worker, site.grid, today.at(8), 6)
    helpers.on_duty(site.leader, site.grid, today.at(9), 2)
    for h in (9, 10, 11):
        helpers.visit(site.worker, site.grid, today.at(h))
    helpers.visit(site.worker, site.grid, today.at(12), accepted=False)
    micro = list(site.grid.micro_grids.order_by("code")[:4])
    helpers.walk(site.worker, micro, today.at(10), today.now)
    at = today.at
    helpers.event(site.grid, site.worker, at(8), status="closed", due=at(12), closed=at(11))
    helpers.event(site.grid, site.worker, at(8), status="closed", due=at(9), closed=at(10))
    helpers.event(site.grid, site.worker, at(8), status="self_handled", closed=at(9))
    helpers.event(site.grid, site.worker, at(8))
    enter_spot_check(period.pk, site.grid.code, 10, 8, district_op)
    return site


def test_each_indicator_from_its_rows(period, activity, today):
    set_rules(period.pk, [{"indicator": "patrol_rate", "required": 8}, {"indicator": "visit_rate", "required": 6}])
    compute_period(period.pk, today.now)
    worker = _score(period, "worker", user=activity.worker)
    ind, inputs = worker.details["indicators"], worker.details["inputs"]
    assert inputs["duty_hours"] == 6 and inputs["visits"] == 3 and inputs["microgrids_visited"] == 4
    assert ind["patrol_rate"]["rate"] == pytest.approx(6 / 8)
    assert ind["visit_rate"]["rate"] == pytest.approx(3 / 6)
    assert ind["event_close_rate"]["rate"] == pytest.approx(3 / 4)
    assert ind["event_timeliness"]["rate"] == pytest.approx(1 / 2)
    n_micro = activity.grid.micro_grids.count()
    assert ind["microgrid_coverage"]["rate"] == pytest.approx(round(4 / n_micro, 4))
    assert ind["spot_check"]["rate"] == pytest.approx(0.8)
    expected = sum(e["weight"] * e["score"] for e in ind.values()) / sum(e["weight"] for e in ind.values())
    assert worker.total == pytest.approx(expected, abs=0.01)

    grid = _score(period, "grid", code=activity.grid.code)
    assert grid.details["inputs"]["workers"] == 2
    assert grid.details["inputs"]["duty_hours"] == 8
    assert grid.details["indicators"]["patrol_rate"]["rate"] == pytest.approx(8 / 16)
    street = _score(period, "street", code=activity.grid.code[:9] + "000")
    community = _score(period, "community", code=activity.grid.code[:12])
    for row in (street, community):
        assert row.details["inputs"]["events"] == 4
        assert row.details["inputs"]["visits"] == 3
    assert street.rank >= 1 and street.total is not None


def test_zero_required_visits_leaves_the_indicator_out(period, activity, today):
    set_rules(period.pk, [{"indicator": "visit_rate", "required": 0}])
    compute_period(period.pk, today.now)
    ind = _score(period, "worker", user=activity.worker).details["indicators"]
    assert ind["visit_rate"]["rate"] is None and ind["visit_rate"]["score"] is None


def test_a_weight_change_shows_in_the_next_computation(period, activity, today):
    set_rules(period.pk, [{"indicator": "patrol_rate", "required": 8}])
    compute_period(period.pk, today.now)
    before = _score(period, "worker", user=activity.worker).total
    set_rules(period.pk, [{"indicator": "spot_check", "weight": 500}])  # 80 points, now dominant
    compute_period(period.pk, today.now)
    after = _score(period, "worker", user=activity.worker)
    assert after.details["indicators"]["spot_check"]["weight"] == 500
    assert after.total != before
    assert abs(after.total - 80) < abs(before - 80)


def test_a_closed_period_is_frozen(period, activity, today, helpers):
    close_period(period.pk, today.now)
    frozen = {s.pk: s.total for s in Score.objects.filter(period=period)}
    assert frozen
    with pytest.raises(Conflict):
        set_rules(period.pk, [{"indicator": "spot_check", "weight": 1}])
    with pytest.raises(Conflict):
        compute_period(period.pk, today.now)
    assert {s.pk: s.total for s in Score.objects.filter(period=period)} == frozen
