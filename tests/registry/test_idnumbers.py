"""ID numbers (GB 11643 check digit) and unified social credit codes (GB 32100), pure functions."""

from datetime import date

import pytest

from registry.idnumbers import IdNumberError, check_char, is_credit_code, normalise, parse_id_card


@pytest.mark.parametrize(
    "number,gender,born",
    [
        ("11010519491231002X", "female", date(1949, 12, 31)),  # the standard's own example, check X
        ("440308199901101512", "male", date(1999, 1, 10)),
        ("320411198001010019", "male", date(1980, 1, 1)),
    ],
)
def test_valid_numbers_give_birth_date_and_gender(number, gender, born):
    card = parse_id_card(number)

    assert (card.gender, card.birth_date, card.region) == (gender, born, number[:6])


def test_the_check_character_is_the_weighted_sum_mod_11():
    assert check_char("11010519491231002") == "X"
    assert check_char("32041119800101001") == "9"


@pytest.mark.parametrize(
    "number,message",
    [
        ("110105194912310021", "校验码"),  # wrong check digit
        ("11010519491331002X", "出生日期"),  # month 13
        ("11010520991231002X", "不合理"),  # born in the future
        ("110105491231002", "18位"),  # the old 15-digit form
        ("A1010519491231002X", "17位数字"),
    ],
)
def test_bad_numbers_say_what_is_wrong(number, message):
    with pytest.raises(IdNumberError, match=message):
        parse_id_card(number, today=date(2026, 1, 1))


def test_numbers_are_normalised_as_typed():
    assert normalise(" 11010519491231002x ") == "11010519491231002X"
    assert parse_id_card("110105 19491231 002x").number == "11010519491231002X"


def test_credit_codes():
    assert is_credit_code("91350100M000100Y43")
    assert not is_credit_code("91350100M000100Y44")
