"""Import from CSV/Excel: row-level errors with nothing written, dedupe by ID number, export round trip."""

import csv
import io

import openpyxl
import pytest

from registry.idnumbers import check_char
from registry.importer.columns import COLUMNS
from registry.models import Person, PersonAccess, Transfer

IMPORT = "/api/v1/people/import"
WORKER = "w0010010011"
HEADER = [h for _, h in COLUMNS]


def id_number(seq: int) -> str:
    first17 = f"32041119900101{seq:03d}"
    return first17 + check_char(first17)


def row(name, number, building, unit="1", floor=2, room="201", relation="家庭成员"):
    return [
        name,
        "",
        "居民身份证",
        number,
        "",
        "汉族",
        "13800000000",
        "户籍人口",
        building,
        unit,
        floor,
        room,
        relation,
        "",
    ]


def as_csv(rows) -> io.BytesIO:
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    f = io.BytesIO(("\ufeff" + out.getvalue()).encode("utf-8"))
    f.name = "people.csv"
    return f


def as_xlsx(rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    for r in [HEADER, *rows]:
        book.active.append(r)
    f = io.BytesIO()
    book.save(f)
    f.seek(0)
    f.name = "people.xlsx"
    return f


@pytest.mark.parametrize("make", [as_csv, as_xlsx])
def test_a_clean_file_is_imported_in_one_go(sample, api_as, make):
    code = sample.building.code
    rows = [row(f"导入{i}", id_number(i), code, floor=3, room=f"30{i % 2 + 1}") for i in range(1, 6)]

    r = api_as(WORKER).post(IMPORT, {"file": make(rows)}, format="multipart")

    assert r.status_code == 200, r.json()
    assert r.json()["created"] == 5
    person = Person.objects.get(name="导入3")
    assert person.house.building_id == sample.building.pk and person.location_code == sample.building.location_code
    assert person.birth_date.isoformat() == "1990-01-01"
    history = person.history.get()  # written in bulk, with the importer as the context
    assert history.pgh_label == "insert" and history.pgh_context.metadata["action"] == "import_people"
    assert person.residences.get().history.count() == 1


def test_errors_name_every_row_and_nothing_is_written(sample, api_as):
    code = sample.building.code
    bad_check = id_number(7)[:-1] + ("0" if id_number(7)[-1] != "0" else "1")
    rows = [
        row("好人", id_number(1), code),
        row("坏校验", bad_check, code),
        row("无楼栋", id_number(2), "NO-SUCH-BUILDING"),
        row("重复甲", id_number(3), code),
        row("重复乙", id_number(3), code),
        row("别人的楼", id_number(4), sample.other_building.code),
    ]

    r = api_as(WORKER).post(IMPORT, {"file": as_csv(rows)}, format="multipart")

    assert r.status_code == 400
    problems = r.json()["problems"]
    assert any(p.startswith("第 3 行 证件号码") and "校验码" in p for p in problems)
    assert any(p.startswith("第 4 行 楼栋编码") for p in problems)
    assert any(p.startswith("第 6 行 证件号码") and "第 5 行" in p for p in problems)
    assert any(p.startswith("第 7 行 楼栋编码") for p in problems)
    assert not Person.objects.filter(name="好人").exists()


def test_a_registered_person_is_updated_and_moved_not_duplicated(sample, person_in, id_number_of, api_as):
    person = person_in("own")
    target = sample.building.houses.exclude(pk=person.house_id).first()
    rows = [row("新名字", id_number_of(person), sample.building.code, target.unit, target.floor, target.room)]

    r = api_as(WORKER).post(IMPORT, {"file": as_csv(rows)}, format="multipart")

    assert r.json()["created"] == 0 and r.json()["updated"] == 1 and r.json()["moved"] == 1
    person.refresh_from_db()
    assert person.name == "新名字" and person.house_id == target.pk
    assert Transfer.objects.filter(person=person, to_house=target).exists()


def test_export_has_the_import_columns_and_is_logged(sample, person_in, id_number_of, api_as):
    person = person_in("own")

    # Asked in English, the file still says 男/女 (the import reads it back).
    r = api_as(WORKER).get(
        "/api/v1/people/export", {"format": "xlsx", "house": person.house_id}, HTTP_ACCEPT_LANGUAGE="en"
    )

    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert id_number_of(person) in [r[3] for r in rows[1:]]
    assert {r[1] for r in rows[1:]} <= {"男", "女", "未知"}
    assert PersonAccess.objects.filter(person_id=person.pk, channel="export").exists()


def test_an_analyst_cannot_import(sample, api_as):
    r = api_as("analyst").post(
        IMPORT, {"file": as_csv([row("x", id_number(9), sample.building.code)])}, format="multipart"
    )

    assert r.status_code == 403
