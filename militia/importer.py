"""Bulk import of militia members from an Excel workbook (.xlsx, first sheet) or a CSV file (UTF-8).

Headers may be Chinese or English: 姓名/name, 所属组织/org (a company or platoon name or id),
专业/speciality (label or value), 年龄段/age_band (a band such as 26-35, or an age), 手机号/phone,
是否待命/on_call (是/否), 经度/lon and 纬度/lat (WGS84, optional: default the company's base).
Every row is checked before anything is written; one bad row rejects the file and each bad row is
named with its field. A good file is written with one bulk insert in one transaction."""

import csv
import io
import math
import re
from dataclasses import dataclass, field

import numpy as np
from django.contrib.gis.geos import Point
from django.db import transaction

from geo import choices
from geo.errors import BadInput
from grids.locate import locate_many
from militia import conf
from militia.models import AgeBand, MilitiaMember, MilitiaOrg, OrgLevel, Speciality

__all__ = ["RowError", "ImportRejected", "ImportResult", "import_members", "read_rows"]

HEADERS = {
    "姓名": "name", "name": "name",
    "所属组织": "org", "组织": "org", "org": "org",
    "专业": "speciality", "speciality": "speciality",
    "年龄段": "age_band", "年龄": "age_band", "age_band": "age_band", "age": "age_band",
    "手机号": "phone", "手机": "phone", "phone": "phone",
    "是否待命": "on_call", "待命": "on_call", "on_call": "on_call",
    "经度": "lon", "lon": "lon", "纬度": "lat", "lat": "lat",
}  # fmt: skip
REQUIRED = ("name", "org", "age_band")
_PHONE = re.compile(r"^1\d{10}$")
_YES = {"是", "y", "yes", "true", "1", "待命", ""}
_NO = {"否", "n", "no", "false", "0", "休整"}


@dataclass(frozen=True)
class RowError:
    row: int  # the spreadsheet's row number (headers are row 1)
    field: str
    message: str


class ImportRejected(BadInput):
    """The file was not imported; `errors` names every bad row."""

    def __init__(self, errors: list[RowError]):
        first = errors[0]
        super().__init__(
            f"第 {first.row} 行 {first.field}: {first.message}（共 {len(errors)} 处错误，未导入任何数据）", field="file"
        )
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)


def read_rows(content: bytes, filename: str) -> list[dict]:
    """The file's rows as {our field: text} dicts (row number under "_row")."""
    if filename.lower().endswith(".csv"):
        text = content.decode("utf-8-sig")
        table = list(csv.reader(io.StringIO(text)))
    else:
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise BadInput(f"无法读取 Excel 文件 (not an .xlsx workbook): {exc}", field="file") from None
        table = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    if not table:
        raise BadInput("文件为空 (the file is empty)", field="file")
    columns = [HEADERS.get(str(h or "").strip().lower(), HEADERS.get(str(h or "").strip())) for h in table[0]]
    missing = [r for r in REQUIRED if r not in columns]
    if missing:
        raise BadInput(f"缺少列 {', '.join(missing)} (missing columns)", field="file")
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if all(v in (None, "") for v in values):
            continue
        row = {"_row": number}
        for column, value in zip(columns, values, strict=False):
            if column:
                row[column] = "" if value is None else str(value).strip()
        rows.append(row)
    if len(rows) > conf.IMPORT_MAX_ROWS:
        raise BadInput(f"行数 {len(rows)} 超过上限 {conf.IMPORT_MAX_ROWS} (too many rows)", field="file")
    return rows


def _age_band(text: str) -> str:
    if text in AgeBand.values:
        return text
    if text in choices.lookup(AgeBand):
        return choices.lookup(AgeBand)[text]
    age = int(float(text))  # ValueError for anything else
    for value in AgeBand.values:
        low, high = (int(x) for x in value.split("-"))
        if low <= age <= high:
            return value
    raise ValueError(text)


def _orgs(scope) -> tuple[dict[str, MilitiaOrg], set[str]]:
    orgs = MilitiaOrg.objects.filter(level__in=(OrgLevel.COMPANY, OrgLevel.PLATOON))
    if scope is not None:
        orgs = orgs.visible_to(scope)
    by_key, names_seen, ambiguous = {}, set(), set()
    for org in orgs:
        by_key[str(org.pk)] = org
        if org.name in names_seen:
            ambiguous.add(org.name)
        names_seen.add(org.name)
        by_key.setdefault(org.name, org)
    return by_key, ambiguous


def _check(row: dict, orgs, ambiguous, phones_taken: set[str], errors: list[RowError]) -> MilitiaMember | None:
    n = row["_row"]
    bad = len(errors)
    name = row.get("name", "")
    if not name or len(name) > 50:
        errors.append(RowError(n, "name", "姓名为空或超过50字"))
    org = orgs.get(row.get("org", ""))
    if row.get("org", "") in ambiguous:
        errors.append(RowError(n, "org", f"组织名称「{row['org']}」不唯一，请填写组织编号"))
    elif org is None:
        errors.append(RowError(n, "org", f"组织「{row.get('org', '')}」不存在或不在您的辖区内（须为民兵连或排）"))
    speciality = row.get("speciality", "") or Speciality.GENERAL
    speciality = choices.lookup(Speciality).get(speciality, speciality)
    if speciality not in Speciality.values:
        errors.append(RowError(n, "speciality", f"未知专业「{speciality}」"))
    try:
        age_band = _age_band(row.get("age_band", ""))
    except ValueError:
        age_band = None
        errors.append(
            RowError(n, "age_band", f"年龄段「{row.get('age_band', '')}」无效（18-25、26-35、36-45、46-60 或年龄）")
        )
    phone = re.sub(r"[\s-]", "", row.get("phone", "")).removesuffix(".0")
    if phone and not _PHONE.match(phone):
        errors.append(RowError(n, "phone", f"手机号「{phone}」格式错误（11位手机号）"))
    elif phone in phones_taken:
        errors.append(RowError(n, "phone", f"手机号 {phone} 重复（已登记或文件中重复）"))
    on_call = row.get("on_call", "").lower()
    if on_call not in _YES | _NO:
        errors.append(RowError(n, "on_call", f"是否待命「{on_call}」应为 是/否"))
    point = None
    if row.get("lon") or row.get("lat"):
        try:
            lon, lat = float(row.get("lon", "")), float(row.get("lat", ""))
            if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValueError
            point = Point(lon, lat, srid=4326)
        except ValueError:
            errors.append(RowError(n, "lon", "经纬度须为 WGS84 度数，两者都填或都不填"))
    if len(errors) > bad:
        return None
    if phone:
        phones_taken.add(phone)
    return MilitiaMember(
        name=name,
        org=org,
        speciality=speciality,
        age_band=age_band,
        phone=phone,
        on_call=on_call in _YES,
        point=point or org.point,
    )


def import_members(rows: list[dict], *, scope=None, dry_run: bool = False) -> ImportResult:
    """Check every row, then (unless `dry_run`) create them all; `scope` is the importing user's
    jurisdiction (None: the whole district, for the management command)."""
    orgs, ambiguous = _orgs(scope)
    phones_taken = set(MilitiaMember.objects.exclude(phone="").values_list("phone", flat=True))
    errors: list[RowError] = []
    checked = [(row, m) for row in rows if (m := _check(row, orgs, ambiguous, phones_taken, errors))]
    members = [m for _, m in checked]
    if members:
        located = locate_many(np.array([m.point.x for m in members]), np.array([m.point.y for m in members]))
        for (row, _), found in zip(checked, located.found.tolist(), strict=True):
            if not found:
                errors.append(RowError(row["_row"], "lon", "位置不在辖区内 (outside the district)"))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))
    if not dry_run:
        with transaction.atomic():
            MilitiaMember.objects.bulk_create(members, batch_size=2000)
    return ImportResult(created=len(members))
