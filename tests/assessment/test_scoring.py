"""Each indicator's rate and the weighted total on canned inputs (no database)."""

import pytest

from assessment.inputs import Inputs
from assessment.scoring import RuleSpec, rate, score

X = Inputs(
    workers=2,
    duty_hours=60,
    visits=10,
    events=8,
    finished=6,
    finished_with_deadline=4,
    on_time=3,
    microgrids=10,
    microgrids_visited=7,
    asked=20,
    aware=15,
)


@pytest.mark.parametrize(
    ("indicator", "required", "expected"),
    [
        ("patrol_rate", 40, 60 / 80),
        ("visit_rate", 10, 10 / 20),
        ("event_close_rate", 0, 6 / 8),
        ("event_timeliness", 0, 3 / 4),
        ("microgrid_coverage", 0, 7 / 10),
        ("spot_check", 0, 15 / 20),
    ],
)
def test_each_indicator(indicator, required, expected):
    assert rate(indicator, X, required) == pytest.approx(expected)


def test_nothing_to_measure_gives_no_rate():
    assert rate("visit_rate", X, 0) is None  # no visits required
    assert rate("event_close_rate", Inputs(workers=1), 0) is None
    assert rate("spot_check", Inputs(), 0) is None
    assert rate("patrol_rate", Inputs(duty_hours=5), 40) is None  # no workers


def test_weighted_mean_of_the_indicators_that_have_a_rate():
    rules = [RuleSpec("patrol_rate", 30, 40), RuleSpec("event_close_rate", 10), RuleSpec("visit_rate", 60, 0)]
    total, details = score(rules, X)
    # visit rate has no requirement: left out, and the other weights carry the total
    assert details["indicators"]["visit_rate"] == {
        "weight": 60,
        "required": 0,
        "formula": "min(rate, 1) * 100",
        "rate": None,
        "score": None,
    }
    assert details["indicators"]["patrol_rate"]["score"] == 75
    assert total == pytest.approx((30 * 75 + 10 * 75) / 40)
    assert details["inputs"]["duty_hours"] == 60


def test_weights_and_formulas_change_the_total():
    base = [RuleSpec("patrol_rate", 1, 40), RuleSpec("microgrid_coverage", 1)]
    assert score(base, X)[0] == pytest.approx((75 + 70) / 2)
    heavier = [RuleSpec("patrol_rate", 3, 40), RuleSpec("microgrid_coverage", 1)]
    assert score(heavier, X)[0] == pytest.approx((3 * 75 + 70) / 4)
    capped = [RuleSpec("patrol_rate", 1, 40, "min(rate, 0.5) * 200")]
    assert score(capped, X)[0] == 100


def test_no_rule_with_a_rate_gives_no_total():
    assert score([RuleSpec("visit_rate", 10, 0)], X)[0] is None
