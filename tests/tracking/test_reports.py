"""Daily reports for a constructed day (yesterday, local time): JSON, CSV, grid and street summaries,
the jurisdiction cut and a bounded number of queries."""

import csv
import io
import json
from datetime import datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import h3
import pytest
from django.contrib.gis.geos import Point
from duty_support import METRIC, direction_inside, east_of, lay_fixes, offset
from pyproj import Transformer

from accounts.models import User
from grids.models import GridMember
from grids.services import create_place
from tracking.duty import check_in, check_out
from tracking.visits import record_visit

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
DAY = datetime.now(TZ).date() - timedelta(days=1)


def at(hh, mm, ss=0, day=DAY):
    return datetime.combine(day, time(hh, mm, ss), TZ)


def metres(a, b):
    t = Transformer.from_crs(4326, METRIC, always_xy=True)
    (x1, y1), (x2, y2) = t.transform(*a), t.transform(*b)
    return ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5


@pytest.fixture
def day(worker_device, point_in_own_grid):
    """Yesterday: the worker checks in at 09:00 and walks back and forth inside the grid (10 fixes, 100 m
    apart), leaves it (2 fixes), checks out at 10:00, visits a place (proven) and another time (no
    fix), and checks in again at 23:30 without checking out. The grid's leader does nothing."""
    grid, p = point_in_own_grid
    user = worker_device.user
    dx, dy = direction_inside(grid, p.x, p.y, 100)
    a, b = (p.x, p.y), offset(p.x, p.y, dx * 100, dy * 100)
    out1 = east_of(grid, 300)
    out2 = offset(*out1, dx=100)
    check_in(user, lon=p.x, lat=p.y, time=at(9, 0), now=at(9, 0))
    lay_fixes(worker_device, [a if i % 2 == 0 else b for i in range(10)] + [out1, out2], at(9, 1))
    lay_fixes(worker_device, [(*offset(*a, 2000, 2000), 500.0)], at(9, 5, 30))  # flagged: left out
    lay_fixes(worker_device, [a], at(23, 59, day=DAY - timedelta(days=1)))  # the day before: left out
    check_out(user, lon=p.x, lat=p.y, time=at(10, 0), now=at(10, 0))
    place = create_place(kind="key_place", name="报表测试场所", geom=Point(p.x, p.y, srid=4326))
    assert record_visit(user, place_id=place.pk, time=at(9, 5), now=at(9, 30)).accepted
    assert not record_visit(user, place_id=place.pk, time=at(9, 40), now=at(9, 45)).accepted
    check_in(user, lon=p.x, lat=p.y, time=at(23, 30), now=at(23, 30))

    cells = {h3.str_to_int(c) for c in h3.geo_to_cells(json.loads(grid.geom.json), 10)}
    visited = {h3.str_to_int(h3.latlng_to_cell(y, x, 10)) for x, y in (a, b, out1, out2)} & cells
    return SimpleNamespace(
        grid=grid,
        user=user,
        leader=GridMember.objects.get(grid=grid, role="leader").user,
        street_user=f"street{grid.code[6:9]}",
        other_street_user="street002" if grid.code[6:9] != "002" else "street001",
        distance=900 + metres(b, out1) + 100,
        inside_share=600 / 660,
        coverage=len(visited) / len(cells),
        cells=len(cells),
        visited=len(visited),
    )


def test_the_worker_report_for_a_constructed_day(day, api_as):
    r = api_as(day.street_user).get("/api/v1/reports/workers", {"date": DAY.isoformat(), "grid": day.grid.code})

    assert r.status_code == 200, r.json()
    rows = {row["user"]: row for row in r.json()["rows"]}
    assert set(rows) == {day.user.username, day.leader.username}
    w = rows[day.user.username]
    assert w["grid"] == day.grid.code and w["role"] == "worker"
    assert w["distance_m"] == pytest.approx(day.distance, rel=1e-3)
    assert w["duty_s"] == 3600 + 1800  # 09:00–10:00, and 23:30 to midnight of the open session
    assert w["tracked_s"] == 660 and w["inside_share"] == pytest.approx(day.inside_share)
    assert (w["cells"], w["cells_visited"]) == (day.cells, day.visited)
    assert w["coverage"] == pytest.approx(day.coverage)
    assert (w["visits"], w["checkins"]) == (1, 2)
    idle = rows[day.leader.username]
    assert (idle["distance_m"], idle["duty_s"], idle["inside_share"], idle["coverage"], idle["visits"]) == (
        0,
        0,
        None,
        0,
        0,
    )


def test_the_worker_report_as_csv_for_excel(day, api_as):
    r = api_as(day.street_user).get(
        "/api/v1/reports/workers", {"date": DAY.isoformat(), "grid": day.grid.code, "format": "csv"}
    )

    assert r.status_code == 200
    assert r["Content-Type"].startswith("text/csv")
    assert f'filename="workers-{DAY.isoformat()}.csv"' in r["Content-Disposition"]
    assert "filename*=UTF-8''" in r["Content-Disposition"]
    assert r.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    header, rows = table[0], {row[0]: dict(zip(table[0], row, strict=True)) for row in table[1:]}
    assert header[:3] == ["用户名", "姓名", "角色"] and "里程(米)" in header and "网格覆盖率(%)" in header
    w = rows[day.user.username]
    assert w["角色"] == "网格员" and w["网格编码"] == day.grid.code
    assert float(w["里程(米)"]) == pytest.approx(day.distance, abs=0.1)
    assert float(w["在岗时长(分钟)"]) == 90.0
    assert float(w["网格内时间占比(%)"]) == pytest.approx(100 * day.inside_share, abs=0.05)
    assert float(w["网格覆盖率(%)"]) == pytest.approx(100 * day.coverage, abs=0.05)
    assert (w["寻访次数"], w["签到次数"]) == ("1", "2")
    assert rows[day.leader.username]["网格内时间占比(%)"] == ""


def test_grid_and_street_summaries(day, api_as):
    api = api_as(day.street_user)

    grids = {g["grid"]: g for g in api.get("/api/v1/reports/grids", {"date": DAY.isoformat()}).json()["rows"]}
    streets = api.get("/api/v1/reports/streets", {"date": DAY.isoformat()}).json()["rows"]

    g = grids[day.grid.code]
    assert (g["workers"], g["on_duty"], g["visits"], g["checkins"]) == (2, 1, 1, 2)
    assert g["distance_m"] == pytest.approx(day.distance, rel=1e-3)
    assert g["mean_coverage"] == pytest.approx(day.coverage / 2)
    assert all(other["on_duty"] == 0 for code, other in grids.items() if code != day.grid.code)
    [street] = streets
    assert street["street"] == day.grid.code[:9] + "000" and street["grids"] == len(grids)
    assert (street["workers"], street["on_duty"], street["visits"], street["checkins"]) == (2 * len(grids), 1, 1, 2)


def test_the_district_sees_every_street(day, api_as):
    streets = api_as("district").get("/api/v1/reports/streets", {"date": DAY.isoformat(), "format": "csv"})
    table = list(csv.reader(io.StringIO(streets.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["街道编码", "街道名称", "网格数"] and len(table) - 1 > 1


def test_another_street_sees_neither_the_grid_nor_its_workers(day, api_as):
    api = api_as(day.other_street_user)

    assert api.get("/api/v1/reports/workers", {"date": DAY.isoformat(), "grid": day.grid.code}).status_code == 404
    assert (
        api.get("/api/v1/reports/workers", {"date": DAY.isoformat(), "street": day.grid.code[:9] + "000"}).status_code
        == 404
    )
    r = api.get("/api/v1/reports/workers", {"date": DAY.isoformat(), "grid": day.grid.code, "format": "csv"})
    assert r.status_code == 404 and r["Content-Type"].startswith("application/json")
    users = {row["user"] for row in api.get("/api/v1/reports/workers", {"date": DAY.isoformat()}).json()["rows"]}
    assert users and day.user.username not in users
    streets = api.get("/api/v1/reports/streets", {"date": DAY.isoformat()}).json()["rows"]
    assert [s["street"] for s in streets] == [User.objects.get(username=day.other_street_user).jurisdiction_code]


def test_a_grid_worker_sees_only_their_grid(day, api_as):
    rows = api_as(day.user.username).get("/api/v1/reports/workers", {"date": DAY.isoformat()}).json()["rows"]
    assert {r["grid"] for r in rows} == {day.grid.code}


@pytest.mark.parametrize(
    "params,field", [({"date": "2026-02-30"}, "date"), ({"grid": "abc"}, "grid"), ({"street": "1"}, "street")]
)
def test_bad_report_queries_are_400s_naming_the_field(api_as, params, field):
    r = api_as("district").get("/api/v1/reports/workers", params)
    assert r.status_code == 400 and r.json()["field"] == field


def test_the_report_takes_a_fixed_number_of_queries_for_a_whole_street(day, api_as, django_assert_max_num_queries):
    api = api_as(day.street_user)
    with django_assert_max_num_queries(10):
        r = api.get("/api/v1/reports/workers", {"date": DAY.isoformat()})
    assert r.status_code == 200 and len(r.json()["rows"]) > 20


def test_the_documented_row_shapes_match_the_rows(day, api_as):
    from tracking.api.duty_serializers import GridRowSerializer, StreetRowSerializer, WorkerRowSerializer

    api = api_as(day.street_user)
    for path, serializer in (
        ("workers", WorkerRowSerializer),
        ("grids", GridRowSerializer),
        ("streets", StreetRowSerializer),
    ):
        row = api.get(f"/api/v1/reports/{path}", {"date": DAY.isoformat()}).json()["rows"][0]
        assert set(row) == set(serializer().fields), path
