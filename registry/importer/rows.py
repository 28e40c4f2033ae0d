"""Parsing and checking the rows of a people file, without the database: each row becomes a
PersonRow or a list of problems naming the row (1-based, the header is row 1) and the column."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from registry.identity import Identity, IdNumberError, identify
from registry.importer.columns import HEADERS, codes
from registry.models import LIVING, DocumentType, Registration, Relation

__all__ = ["PersonRow", "parse_rows"]

_PHONE = re.compile(r"[0-9+\- ]{5,20}")


@dataclass
class PersonRow:
    number: int  # row number in the file (header = 1)
    name: str = ""
    gender: str = "unknown"
    document_type: str = DocumentType.ID_CARD
    identity: Identity | None = None
    birth_date: date | None = None
    ethnicity: str = ""
    phone: str = ""
    registration: str = Registration.REGISTERED
    building: str = ""
    building_id: int | None = None  # set when the building is found
    unit: str = ""
    floor: int = 1
    room: str = ""
    relation: str = Relation.FAMILY
    since: date | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def lives_there(self) -> bool:
        return self.relation in LIVING

    def problem(self, key: str, message: str):
        self.problems.append(f"第 {self.number} 行 {HEADERS[key]}: {message}")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(row: PersonRow, key: str, value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    try:
        return date.fromisoformat(text) if "-" in text else datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        row.problem(key, f"日期 {text!r} 无效，应为 YYYY-MM-DD (a date)")
        return None


def _coded(row: PersonRow, key: str, value, default: str) -> str:
    text = _text(value)
    if not text:
        return default
    code = codes(key).get(text)
    if code is None:
        row.problem(key, f"无效的取值 {text!r}，可选 {'、'.join(v for v in codes(key) if not v.isascii())}")
        return default
    return code


def _parse(number: int, cells: list, columns: dict[str, int], today: date) -> PersonRow:
    def cell(key):
        i = columns.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    row = PersonRow(number)
    row.name = _text(cell("name"))
    if not row.name or len(row.name) > 50:
        row.problem("name", "姓名须为1–50个字符 (1–50 characters)")
    row.document_type = _coded(row, "document_type", cell("document_type"), DocumentType.ID_CARD)
    row.registration = _coded(row, "registration", cell("registration"), Registration.REGISTERED)
    row.relation = _coded(row, "relation", cell("relation"), Relation.FAMILY)
    row.gender = _coded(row, "gender", cell("gender"), "unknown")
    row.birth_date = _date(row, "birth_date", cell("birth_date"))
    row.since = _date(row, "since", cell("since"))
    try:
        row.identity = identify(row.document_type, _text(cell("id_number")), today)
    except IdNumberError as exc:
        row.problem("id_number", str(exc))
    card = row.identity.card if row.identity else None
    if card:
        if row.birth_date and row.birth_date != card.birth_date:
            row.problem("birth_date", f"与身份证号码中的出生日期 {card.birth_date} 不符 (differs from the ID number)")
        if row.gender not in ("unknown", card.gender):
            row.problem("gender", "与身份证号码中的性别不符 (differs from the ID number)")
        row.birth_date, row.gender = card.birth_date, card.gender
    row.ethnicity = _text(cell("ethnicity"))[:16]
    row.phone = _text(cell("phone"))
    if row.phone and not _PHONE.fullmatch(row.phone):
        row.problem("phone", f"电话 {row.phone!r} 无效 (5–20 digits)")
    row.building = _text(cell("building"))
    if not row.building:
        row.problem("building", "楼栋编码不能为空 (required)")
    row.unit, row.room = _text(cell("unit"))[:8], _text(cell("room"))[:16]
    floor = _text(cell("floor")) or "1"
    try:
        number = float(floor)
        if not number.is_integer():
            raise ValueError
        row.floor = int(number)
    except (ValueError, OverflowError):
        row.problem("floor", f"楼层 {floor!r} 须为整数 (an integer)")
    return row


def parse_rows(rows: list[list], columns: dict[str, int], today: date | None = None) -> list[PersonRow]:
    """Every non-empty data row, parsed; duplicates of an ID number inside the file are problems."""
    today = today or date.today()
    out, first_row = [], {}
    for i, cells in enumerate(rows, start=2):
        if not any(_text(c) for c in cells):
            continue
        row = _parse(i, cells, columns, today)
        if row.identity is not None:
            seen = first_row.setdefault(row.identity.digest, i)
            if seen != i:
                row.problem("id_number", f"与第 {seen} 行的证件号码重复 (duplicate person in the file)")
        out.append(row)
    return out
