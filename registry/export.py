"""Export people with the import's columns (registry/importer/columns.py), as .xlsx (openpyxl,
write-only) or CSV with a BOM for Excel. Values are those the reader may see (registry.present)
and every exported person is logged (channel export)."""

import csv
import io
from collections.abc import Iterable

from openpyxl import Workbook

from registry.access import log_reads
from registry.importer.columns import COLUMNS, label
from registry.models import Channel, Person, Residence
from registry.present import person_row
from registry.privacy import disclosure_for

__all__ = ["export_people", "EXPORT_MAX"]

EXPORT_MAX = 200_000
BATCH = 5000


def _rows(user, people: Iterable[Person], logged: list[int]):
    disclosure = disclosure_for(user)
    batch = []
    for p in people.iterator(chunk_size=BATCH):
        batch.append(p)
        if len(batch) == BATCH:
            yield from _batch_rows(batch, disclosure, logged)
            batch = []
    yield from _batch_rows(batch, disclosure, logged)


def _batch_rows(batch, disclosure, logged):
    links = {
        r.person_id: r
        for r in Residence.objects.current().filter(person__in=batch).select_related("house__building")
        if r.house.building_id
    }
    for p in batch:
        row = person_row(p, disclosure)
        link = links.get(p.pk)
        house = link.house if link else None
        logged.append(p.pk)
        yield [
            row["name"],
            label("gender", row["gender"]),
            label("document_type", row["document_type"]),
            row["id_number"],
            row["birth_date"] or "",
            row["ethnicity"],
            row["phone"],
            label("registration", row["registration"]),
            house.building.code if house else "",
            house.unit if house else "",
            house.floor if house else "",
            house.room if house else "",
            label("relation", link.relation) if link else "",
            link.since if link and link.since else "",
        ]


def export_people(user, people, fmt: str, purpose: str = "") -> tuple[bytes, int]:
    """(file bytes, rows) for `people` (a queryset already cut to the user's jurisdiction)."""
    logged: list[int] = []
    headers = [h for _, h in COLUMNS]
    people = people.select_related("house")[:EXPORT_MAX]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(_rows(user, people, logged))
        data = ("\ufeff" + out.getvalue()).encode("utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("人口")
        sheet.append(headers)
        for row in _rows(user, people, logged):
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    log_reads(user, logged, Channel.EXPORT, purpose)
    return data, len(logged)
