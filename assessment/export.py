"""Excel export of a period's scores (one sheet per level, ranked) and of a month's points ranking."""

import io

import openpyxl

from assessment.models import Indicator, Period, ScoreLevel

__all__ = ["scores_workbook", "ranking_workbook"]


def _bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def scores_workbook(period: Period, scores) -> bytes:
    """`scores`: the Score rows to write (already cut to the reader's jurisdiction)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    indicators = list(Indicator)
    by_level = {level: [] for level in ScoreLevel}
    for s in scores:
        by_level[s.level].append(s)
    for level, rows in by_level.items():
        sheet = book.create_sheet(str(level.label))
        header = ["排名", "编码", "名称", "总分"]
        for ind in indicators:
            header += [f"{ind.label}·比率", f"{ind.label}·得分"]
        sheet.append(header)
        for s in sorted(rows, key=lambda s: (s.rank or 0, s.code)):
            line = [s.rank, s.code, s.name, s.total]
            for ind in indicators:
                entry = s.details.get("indicators", {}).get(ind.value, {})
                line += [entry.get("rate"), entry.get("score")]
            sheet.append(line)
    book.properties.title = f"{period.name} 考核得分"
    return _bytes(book)


def ranking_workbook(title: str, rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "积分排行"
    sheet.append(["排名", "账号", "姓名", "网格编码", "积分"])
    for r in rows:
        sheet.append([r["rank"], r["user"], r["name"], r["code"], r["points"]])
    book.properties.title = title
    return _bytes(book)
