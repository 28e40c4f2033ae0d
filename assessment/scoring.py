"""From inputs to a score: each indicator's rate (a fraction, or None when there is nothing to
measure — no required visits, no events, no spot check), its score by the rule's formula, and the
weighted mean of the indicators that have a rate (0–100 with the default formulas). Pure functions:
no ORM, so the arithmetic is tested on canned numbers."""

from dataclasses import dataclass

from assessment.formula import evaluate, parse
from assessment.inputs import INPUT_NAMES, Inputs
from assessment.models import Indicator

__all__ = ["RuleSpec", "FORMULA_NAMES", "rate", "score", "check_formula"]

FORMULA_NAMES = INPUT_NAMES | {"rate", "required"}


@dataclass(frozen=True)
class RuleSpec:
    indicator: str
    weight: float
    required: float = 0.0
    formula: str = "min(rate, 1) * 100"


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else None


def rate(indicator: str, x: Inputs, required: float) -> float | None:
    """The indicator's rate for inputs `x`; `required` is per worker for the period (hours of duty
    for the patrol rate, visits for the visit rate)."""
    if indicator == Indicator.PATROL_RATE:
        return _ratio(x.duty_hours, required * x.workers)
    if indicator == Indicator.VISIT_RATE:
        return _ratio(x.visits, required * x.workers)
    if indicator == Indicator.EVENT_CLOSE_RATE:
        return _ratio(x.finished, x.events)
    if indicator == Indicator.EVENT_TIMELINESS:
        return _ratio(x.on_time, x.finished_with_deadline)
    if indicator == Indicator.MICROGRID_COVERAGE:
        return _ratio(x.microgrids_visited, x.microgrids)
    if indicator == Indicator.SPOT_CHECK:
        return _ratio(x.aware, x.asked)
    raise ValueError(f"unknown indicator {indicator}")


def check_formula(text: str):
    """Parse `text` with the names a rule's formula may use (FormulaError otherwise)."""
    return parse(text, FORMULA_NAMES)


def score(rules: list[RuleSpec], x: Inputs) -> tuple[float | None, dict]:
    """(total, details): details has the inputs and, per indicator, its rate, score and weight."""
    values = x.as_dict()
    details = {"inputs": values, "indicators": {}}
    weighted, weights = 0.0, 0.0
    for rule in rules:
        r = rate(rule.indicator, x, rule.required)
        entry = {"weight": rule.weight, "required": rule.required, "formula": rule.formula, "rate": r, "score": None}
        if r is not None:
            entry["rate"] = round(r, 4)
            entry["score"] = round(
                evaluate(check_formula(rule.formula), {**values, "rate": r, "required": rule.required}), 2
            )
            weighted += rule.weight * entry["score"]
            weights += rule.weight
        details["indicators"][rule.indicator] = entry
    total = round(weighted / weights, 2) if weights else None
    return total, details
