"""Registry at a million people: exact ID-number lookup, name-prefix search, a grid's list with
filters and people per grid, each through the HTTP API (one daphne process) and as the same SQL run
directly, in one run; then the import rate of 100,000 rows from an Excel file (with validation).

    .venv/bin/python bench/run.py registry [--requests 200] [--import-rows 100000]

Loads the registry demo (`load_registry_demo`, ~1,000,000 people) into the bench database once.
Goals: p95 ≤ 50 ms and API ≥ 0.7× the direct SQL for each query; import ≥ 10,000 rows/s."""

import argparse
import http.client
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from bench import common

__all__ = ["main"]

CACHE = common.REPO_ROOT / "bench" / ".cache"

# The SQL each API call runs for its rows (the API adds masking, the access log and JSON).
SQL = {
    "id": "SELECT * FROM registry_person WHERE id_hash = %(hash)s AND location_code LIKE %(prefix)s || '%%'",
    "name": "SELECT * FROM registry_person WHERE name LIKE %(name)s || '%%' AND location_code LIKE %(prefix)s || '%%'"
    " ORDER BY name, id LIMIT 51",
    "grid": "SELECT * FROM registry_person WHERE location_code LIKE %(grid)s || '%%' AND registration = 'floating'"
    " AND status = 'active' ORDER BY location_code, id LIMIT 51",
    "counts": "SELECT left(location_code, 15), sum(buildings), sum(houses), sum(people), sum(special), sum(care)"
    " FROM registry_areacount WHERE location_code LIKE %(prefix)s || '%%' AND length(location_code) >= 15"
    " GROUP BY 1 ORDER BY 1",
    "counts_raw": "SELECT left(location_code, 15), count(*) FROM registry_person WHERE status = 'active'"
    " AND location_code LIKE %(prefix)s || '%%' GROUP BY 1",
}


def _ensure_demo():
    from django.core.management import call_command

    from registry.models import Person

    call_command("load_demo", verbosity=0)
    if Person.objects.filter(is_demo=True).count() < 500_000:
        print("loading the registry demo (~1,000,000 people, once)…", flush=True)
        call_command("load_registry_demo", "--reset")


def _samples(n: int):
    import random

    from registry.identity import reveal
    from registry.models import Person

    rng = random.Random(14)
    top = Person.objects.order_by("-id").values_list("id", flat=True).first()
    ids = [rng.randint(1, top) for _ in range(n * 3)]
    people = list(Person.objects.filter(id__in=ids, is_demo=True)[:n])
    return [(reveal(p.id_cipher, p.id_hash), p.id_hash, p.name[:2], p.location_code[:15]) for p in people]


def _time_http(port, token, paths) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    out = []
    for path in paths:
        start = time.perf_counter()
        conn.request("GET", path, headers={"Authorization": f"Token {token}"})
        response = conn.getresponse()
        response.read()
        assert response.status == 200, (path, response.status)
        out.append(time.perf_counter() - start)
    conn.close()
    return out


def _time_sql(conn, query, params_list) -> list[float]:
    out = []
    with conn.cursor() as cur:
        for params in params_list:
            start = time.perf_counter()
            cur.execute(query, params)
            cur.fetchall()
            out.append(time.perf_counter() - start)
    return out


def _import_file(rows: int) -> Path:
    """An .xlsx of `rows` new people in existing demo buildings (written once, kept in bench/.cache)."""
    import openpyxl

    from registry.idnumbers import check_char
    from registry.importer.columns import COLUMNS
    from registry.models import Building

    path = CACHE / f"import-{rows}.xlsx"
    if path.exists():
        return path
    CACHE.mkdir(exist_ok=True)
    print(f"writing {rows:,} rows to {path.name} (once)…", flush=True)
    buildings = list(Building.objects.filter(kind="residential", floors__gte=6).values_list("code", "floors")[:2000])
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([h for _, h in COLUMNS])
    for i in range(rows):
        code, floors = buildings[i % len(buildings)]
        d = i % 20160  # a distinct (birth date, sequence) per row
        first17 = f"999999{1950 + d // 336}{(d // 28) % 12 + 1:02d}{d % 28 + 1:02d}{i // 20160:03d}"
        sheet.append(
            [
                "导入测试" + str(i % 97),
                "",
                "居民身份证",
                first17 + check_char(first17),
                "",
                "汉族",
                f"139{i:08d}",
                "流动人口",
                code,
                "1",
                1 + i % floors,
                f"9{i % 50:02d}",
                "租户",
                "2025-01-01",
            ]
        )
    book.save(path)
    return path


def _bench_import(rows: int) -> dict:
    from django.db import connection

    from accounts.models import User
    from registry.importer.write import import_people

    path = _import_file(rows)
    actor = User.objects.get(username="district")
    result = import_people(actor, path.read_bytes(), path.name)
    with connection.cursor() as cur:  # take the bench rows out again
        cur.execute(
            "DELETE FROM registry_residence WHERE person_id IN "
            "(SELECT id FROM registry_person WHERE name LIKE '导入测试%%')"
        )
        cur.execute("DELETE FROM registry_person WHERE name LIKE '导入测试%%'")
        cur.execute("DELETE FROM registry_house WHERE room LIKE '9__' AND NOT is_demo")
    return {"rows": result.rows, "seconds": result.seconds, "rate": result.rate}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/registry.py")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--import-rows", type=int, default=100_000)
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    from accounts.models import User
    from accounts.tokens import issue

    _ensure_demo()
    samples = _samples(args.requests)
    token = issue(user=User.objects.get(username="district")).key
    prefix = "320411"
    cases = {
        "exact ID-number lookup": (
            "id",
            [f"/api/v1/people?{urlencode({'id_number': s[0]})}" for s in samples],
            [{"hash": s[1], "prefix": prefix} for s in samples],
        ),
        "name-prefix search (2 characters)": (
            "name",
            [f"/api/v1/people?{urlencode({'name': s[2]})}" for s in samples],
            [{"name": s[2], "prefix": prefix} for s in samples],
        ),
        "a grid's floating population": (
            "grid",
            [f"/api/v1/people?{urlencode({'code': s[3], 'registration': 'floating'})}" for s in samples],
            [{"grid": s[3]} for s in samples],
        ),
        "people per grid (1,068 grids)": (
            "counts",
            ["/api/v1/registry/counts?by=grid"] * len(samples),
            [{"prefix": prefix}] * len(samples),
        ),
    }
    conn = common.db_connect()
    results = []
    with common.serve() as (port, _):
        _time_http(port, token, ["/api/v1/registry/counts?by=street"] * 5)  # warm up
        for label, (key, paths, params) in cases.items():
            api = _time_http(port, token, paths)
            sql = _time_sql(conn, SQL[key], params)
            results.append((label, api, sql))
    raw = _time_sql(conn, SQL["counts_raw"], [{"prefix": prefix}] * 3)
    facts = common.machine_facts(conn)
    conn.close()
    imported = _bench_import(args.import_rows)

    rows, summary = [], []
    for label, api, sql in results:
        api95, sql95 = common.percentile_ms(api, 0.95), common.percentile_ms(sql, 0.95)
        ratio = sql95 / api95
        rows.append([label, f"{common.percentile_ms(api, 0.5):.1f}", f"{api95:.1f}", f"{sql95:.2f}", f"{ratio:.2f}×"])
        summary.append(
            {
                "method": f"registry: {label}, {len(api)} requests over HTTP",
                "figure": f"p95 {api95:.1f} ms",
                "baseline": f"same SQL directly: p95 {sql95:.2f} ms",
                "ratio": f"{ratio:.2f}×",
            }
        )
    print(f"\n{len(samples)} requests each, user `district` (whole district, masked values), one daphne process")
    print(common.text_table(["query", "API p50 ms", "API p95 ms", "SQL p95 ms", "SQL/API"], rows))
    print(
        f"people per grid by GROUP BY over the million instead of the trigger-kept counts: "
        f"p50 {common.percentile_ms(raw, 0.5):.0f} ms"
    )
    print(
        f"import: {imported['rows']:,} rows from .xlsx in {imported['seconds']:.1f} s = {imported['rate']:,.0f} rows/s"
    )
    summary.append(
        {
            "method": f"registry: import {imported['rows']:,} people from .xlsx (validated, one transaction)",
            "figure": f"{imported['rate']:,.0f} rows/s",
            "baseline": "goal 10,000 rows/s",
            "ratio": f"{imported['rate'] / 10_000:.2f}× goal",
        }
    )
    return {"facts": facts, "summary": summary}


if __name__ == "__main__":
    main(sys.argv[1:])
