"""CSV output for the report endpoints (`?format=csv`): UTF-8 with a byte-order mark so Excel opens
Chinese headers correctly, and the column definitions (Chinese headers, units) of each report."""

import csv
import io
from urllib.parse import quote

from rest_framework.renderers import BaseRenderer

from grids.models import MemberRole

__all__ = ["CSVRenderer", "csv_table", "attachment", "WORKER_COLUMNS", "GRID_COLUMNS", "STREET_COLUMNS"]

BOM = "\ufeff"


class CSVRenderer(BaseRenderer):
    """Renders a list of rows (lists of cells, the first the header)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        out.write(BOM)
        csv.writer(out, lineterminator="\r\n").writerows(data)
        return out.getvalue().encode("utf-8")


def _pct(value):
    return "" if value is None else round(100 * value, 1)


def _minutes(seconds):
    return round(seconds / 60, 1)


# (header, value of a row) per column.
WORKER_COLUMNS = [
    ("用户名", lambda r: r["user"]),
    ("姓名", lambda r: r["name"]),
    ("角色", lambda r: str(MemberRole(r["role"]).label) if r["role"] in MemberRole.values else r["role"]),
    ("网格编码", lambda r: r["grid"]),
    ("网格名称", lambda r: r["grid_name"]),
    ("街道", lambda r: r["street_name"]),
    ("里程(米)", lambda r: r["distance_m"]),
    ("在岗时长(分钟)", lambda r: _minutes(r["duty_s"])),
    ("网格内时间占比(%)", lambda r: _pct(r["inside_share"])),
    ("网格覆盖率(%)", lambda r: _pct(r["coverage"])),
    ("已到访单元格", lambda r: r["cells_visited"]),
    ("网格单元格", lambda r: r["cells"]),
    ("寻访次数", lambda r: r["visits"]),
    ("签到次数", lambda r: r["checkins"]),
]
_SUMMARY = [
    ("网格员人数", lambda r: r["workers"]),
    ("在岗人数", lambda r: r["on_duty"]),
    ("总里程(米)", lambda r: r["distance_m"]),
    ("平均覆盖率(%)", lambda r: _pct(r["mean_coverage"])),
    ("寻访次数", lambda r: r["visits"]),
    ("签到次数", lambda r: r["checkins"]),
]
GRID_COLUMNS = [("网格编码", lambda r: r["grid"]), ("网格名称", lambda r: r["name"]), *_SUMMARY]
STREET_COLUMNS = [
    ("街道编码", lambda r: r["street"]),
    ("街道名称", lambda r: r["name"]),
    ("网格数", lambda r: r["grids"]),
    *_SUMMARY,
]


def csv_table(columns, rows) -> list[list]:
    return [[header for header, _ in columns], *([value(r) for _, value in columns] for r in rows)]


def attachment(ascii_name: str, name: str) -> str:
    """A Content-Disposition value with an ASCII fallback and the UTF-8 (Chinese) file name."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
