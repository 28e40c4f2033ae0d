"""Bulk import of members from Excel/CSV: a good file is written in one go; any bad row rejects the
whole file and every bad row is named with its field; another street's companies are unknown."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from militia.models import MilitiaMember

pytestmark = pytest.mark.django_db


def workbook(rows, headers=("姓名", "所属组织", "专业", "年龄段", "手机号", "是否待命", "经度", "纬度")):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("民兵名册.xlsx", buffer.getvalue())


def upload(api, file, dry_run=False):
    return api.post("/api/v1/militia/members/import", {"file": file, "dry_run": dry_run}, format="multipart")


@pytest.fixture(autouse=True)
def unique_company_name(unit):
    """Demo company names repeat across communities; a name in the file must be unique (else an id)."""
    unit.company.name = "导入测试民兵连"
    unit.company.save(update_fields=["name"])


def test_a_good_workbook_is_imported(unit, api_as):
    before = MilitiaMember.objects.count()
    file = workbook([
        ("张三", unit.company.name, "抢险救援", "26-35", "13800000001", "是", "", ""),
        ("李四", str(unit.company.pk), "medical", 41, "13800000002", "否", unit.lon + 0.001, unit.lat),
    ])  # fmt: skip

    r = upload(api_as(unit.street_op.username), file)

    assert r.status_code == 201, r.json()
    assert r.json()["created"] == 2 and MilitiaMember.objects.count() == before + 2
    li = MilitiaMember.objects.get(phone="13800000002")
    assert (li.speciality, li.age_band, li.on_call, li.org_id) == ("medical", "36-45", False, unit.company.pk)
    assert MilitiaMember.objects.get(phone="13800000001").point.equals(unit.company.point)


def test_bad_rows_are_named_and_nothing_is_written(unit, other_unit, api_as):
    before = MilitiaMember.objects.count()
    file = workbook([
        ("王五", unit.company.name, "", "26-35", "13800000011", "是", "", ""),
        ("", unit.company.name, "", "26-35", "", "是", "", ""),
        ("赵六", "不存在的连", "", "26-35", "", "是", "", ""),
        ("钱七", other_unit.company.name, "", "26-35", "", "是", "", ""),
        ("孙八", unit.company.name, "潜水", "26-35", "12345", "也许", "", ""),
        ("周九", unit.company.name, "", "99", "13800000011", "是", "", ""),
        ("吴十", unit.company.name, "", "26-35", "", "是", 121.5, 31.2),
    ])  # fmt: skip

    r = upload(api_as(unit.street_op.username), file)

    assert r.status_code == 400 and r.json()["field"] == "file"
    named = {(e["row"], e["field"]) for e in r.json()["rows"]}
    assert named == {
        (3, "name"), (4, "org"), (5, "org"), (6, "speciality"), (6, "phone"), (6, "on_call"), (7, "age_band"),
        (7, "phone"), (8, "lon"),
    }  # fmt: skip
    assert MilitiaMember.objects.count() == before


def test_a_dry_run_checks_only_and_csv_and_english_headers_work(unit, api_as):
    before = MilitiaMember.objects.count()
    text = f"name,org,age_band,phone\n陈一,{unit.company.name},18-25,13800000021\n".encode("utf-8-sig")
    api = api_as(unit.street_op.username)

    r = upload(api, SimpleUploadedFile("members.csv", text), dry_run=True)

    assert r.status_code == 200 and r.json() == {"created": 1, "dry_run": True}
    assert MilitiaMember.objects.count() == before
    assert upload(api, SimpleUploadedFile("members.csv", text)).status_code == 201


def test_a_file_without_required_columns_or_not_a_workbook_is_400(unit, api_as):
    api = api_as(unit.street_op.username)

    assert upload(api, workbook([("x",)], headers=("姓名",))).json()["field"] == "file"
    assert upload(api, SimpleUploadedFile("x.xlsx", b"not a workbook")).json()["field"] == "file"


def test_roles_that_do_not_command_cannot_import(unit, api_as):
    file = workbook([("张三", unit.company.name, "", "26-35", "", "是", "", "")])

    assert upload(api_as("analyst"), file).status_code == 403
