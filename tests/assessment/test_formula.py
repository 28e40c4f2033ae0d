"""The rule expression language: what it computes, and everything it refuses (no eval)."""

import pytest

from assessment.formula import FormulaError, evaluate, parse
from assessment.scoring import check_formula


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("min(rate, 1) * 100", {"rate": 1.4}, 100),
        ("min(rate, 1) * 100", {"rate": 0.25}, 25),
        ("max(0, 100 - overdue * 5)", {"overdue": 3}, 85),
        ("-(a - b) / 2", {"a": 1, "b": 5}, 2),
        ("visits / required", {"visits": 3, "required": 0}, 0),  # division by zero is 0
        ("2 + 3 * 4", {}, 14),
    ],
)
def test_formulas_compute(text, values, expected):
    assert evaluate(text, values) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "rate.__class__",
        "rate ** 2",
        "open('x')",
        "[1, 2]",
        "'text'",
        "rate if rate else 0",
        "lambda: 1",
        "min(rate, key=abs)",
        "True + 1",
        "rate % 2",
        "",
    ],
)
def test_anything_outside_the_language_is_refused(text):
    with pytest.raises(FormulaError):
        parse(text)


def test_unknown_names_are_refused_with_the_known_ones():
    with pytest.raises(FormulaError, match="unknown name speed"):
        check_formula("min(speed, 1) * 100")
    assert check_formula("min(duty_hours / required, 1) * 100")


def test_a_name_without_a_value_is_an_error():
    with pytest.raises(FormulaError, match="no value for rate"):
        evaluate("rate * 100", {})
