"""Identity numbers, pure functions: the resident ID card number (居民身份证号码, GB 11643-1999) and
the unified social credit code of organisations (统一社会信用代码, GB 32100-2015).

An 18-character ID number is a 6-digit region code, an 8-digit birth date (YYYYMMDD), a 3-digit
sequence (odd for men, even for women) and a check character: the weighted sum of the first 17
digits with weights 2^(17-i) mod 11, taken mod 11, indexes "10X98765432"."""

import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "ID_WEIGHTS",
    "IdNumberError",
    "IdCard",
    "check_char",
    "normalise",
    "parse_id_card",
    "credit_code_check_char",
    "is_credit_code",
]

ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"[1-9]\d{16}[\dX]")


class IdNumberError(ValueError):
    """An ID number that cannot be right; the message says why (Chinese, then English)."""


@dataclass(frozen=True)
class IdCard:
    number: str
    region: str
    birth_date: date
    gender: str  # "male" | "female"


def normalise(number: str) -> str:
    """Upper-case, without spaces or dashes (the forms people type)."""
    return re.sub(r"[\s-]", "", str(number or "")).upper()


def check_char(first17: str) -> str:
    """The check character of the first 17 digits."""
    return _CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def parse_id_card(number: str, today: date | None = None) -> IdCard:
    """Validate an 18-character resident ID number; IdNumberError names the first problem."""
    n = normalise(number)
    if len(n) != 18:
        raise IdNumberError(f"身份证号码应为18位，实为{len(n)}位 (an ID number has 18 characters, got {len(n)})")
    if not _ID_SHAPE.fullmatch(n):
        raise IdNumberError("身份证号码应为17位数字加1位校验码(数字或X) (17 digits then a digit or X)")
    try:
        born = date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise IdNumberError(f"身份证号码中的出生日期 {n[6:14]} 无效 (invalid birth date)") from None
    today = today or date.today()
    if born > today or born.year < 1890:
        raise IdNumberError(f"身份证号码中的出生日期 {born:%Y-%m-%d} 不合理 (birth date out of range)")
    expected = check_char(n[:17])
    if n[17] != expected:
        raise IdNumberError(f"身份证号码校验码错误：应为 {expected}，实为 {n[17]} (wrong check digit)")
    return IdCard(number=n, region=n[:6], birth_date=born, gender="male" if int(n[16]) % 2 else "female")


# GB 32100: 18 characters from this alphabet (no I, O, Z, S, V); weights 3^i mod 31.
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = tuple(3**i % 31 for i in range(17))


def credit_code_check_char(first17: str) -> str:
    total = sum(_CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_ALPHABET[(31 - total % 31) % 31]


def is_credit_code(code: str) -> bool:
    c = normalise(code)
    if len(c) != 18 or any(ch not in _CREDIT_ALPHABET for ch in c):
        return False
    return credit_code_check_char(c[:17]) == c[17]
