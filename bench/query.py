"""Analysts' queries: within / buffer / nearest / aggregate through the query API (HTTP, one daphne)
vs the very SQL statements the API runs, executed directly over psycopg, in the same run.

    .venv/bin/python bench/run.py query [--places 50000] [--events 100000] [--fixes 10000000] [--requests 40]

The extra places, events and fixes are generated once into the bench database (places named
`bench-…`, events coded `BENCH-…`, fixes of device ids ≥ 10⁹ as bench/heat.py makes them) and kept
for later runs; `--drop` removes them. The SQL is captured by running each query once in-process
(Django's query capture), so the baseline is the same statements without Django, DRF, JSON and
HTTP. The ratio is baseline time / API time (goal ≥ 0.7×) and the API's p95 (goal ≤ 300 ms).
"""

import argparse
import http.client
import json
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from urllib.parse import urlencode

from bench import common

__all__ = ["main"]

KINDS = ["facility", "key_place", "school", "hospital", "financial_outlet", "shelter"]
STATUSES = ["reported", "accepted", "in_progress", "resolved", "closed", "self_handled"]
CHUNK = 20_000


def _random_located(n, seed):
    import numpy as np

    from bench.heat import _district_shape
    from geo.models import AdminArea
    from geo.partition import random_points_in
    from grids.locate import locate_many

    xy = random_points_in(_district_shape(AdminArea), n, np.random.default_rng(seed))
    return xy, locate_many(xy[:, 0], xy[:, 1])


def _ensure_places(cur, wanted: int):
    cur.execute("SELECT count(*) FROM grids_place")
    have = cur.fetchone()[0]
    if have >= wanted:
        return
    n = wanted - have
    print(f"generating {n:,} places (once)…", flush=True)
    xy, located = _random_located(n, 11)
    with cur.copy(
        "COPY grids_place (kind, name, geom, point, attributes, is_demo, updated_at, location_code, "
        "micro_grid_id, grid_id) FROM STDIN"
    ) as copy:
        for i in range(n):
            point = f"SRID=4326;POINT({xy[i, 0]} {xy[i, 1]})"
            copy.write_row(
                (
                    KINDS[i % len(KINDS)],
                    f"bench-{i}",
                    point,
                    point,
                    "{}",
                    False,
                    datetime.now(dt_timezone.utc),
                    located.code[i],
                    int(located.micro_grid_id[i]) if located.micro_grid_id[i] > 0 else None,
                    int(located.grid_id[i]) if located.grid_id[i] > 0 else None,
                )
            )
    cur.execute("ANALYZE grids_place")


def _ensure_events(cur, wanted: int):
    cur.execute("SELECT count(*) FROM events_event")
    have = cur.fetchone()[0]
    if have >= wanted:
        return
    n = wanted - have
    print(f"generating {n:,} events (once)…", flush=True)
    cur.execute("SELECT id FROM events_category ORDER BY id")
    categories = [r[0] for r in cur.fetchall()]
    xy, located = _random_located(n, 12)
    now = datetime.now(dt_timezone.utc)
    columns = (
        "code, title, description, category_id, source, external_id, attributes, point, address, priority, "
        "contact_name, contact_phone, contact_email, status, level, overdue, due_soon, supervised, version, "
        "created_at, updated_at, location_code, micro_grid_id, grid_id"
    )
    # Bench rows need no event history: the history triggers stay off for this session's COPY.
    cur.execute("SET session_replication_role = replica")
    with cur.copy(f"COPY events_event ({columns}) FROM STDIN") as copy:
        for i in range(n):
            copy.write_row(
                (
                    f"BENCH-{have + i}",
                    "bench",
                    "",
                    categories[i % len(categories)],
                    "other",
                    "",
                    "{}",
                    f"SRID=4326;POINT({xy[i, 0]} {xy[i, 1]})",
                    "",
                    1 + i % 4,
                    "",
                    "",
                    "",
                    STATUSES[i % len(STATUSES)],
                    "grid",
                    False,
                    False,
                    False,
                    1,
                    now - timedelta(minutes=i % (90 * 24 * 60)),
                    now,
                    located.code[i],
                    int(located.micro_grid_id[i]) if located.micro_grid_id[i] > 0 else None,
                    int(located.grid_id[i]) if located.grid_id[i] > 0 else None,
                )
            )
    cur.execute("SET session_replication_role = DEFAULT")
    cur.execute("ANALYZE events_event")


def _queries(day):
    centre = {"lon": 119.93, "lat": 31.93}
    street = "320411001000"
    window = {"from": day.isoformat(), "to": (day + timedelta(days=1)).isoformat()}
    hour = {"from": (day + timedelta(hours=10)).isoformat(), "to": (day + timedelta(hours=11)).isoformat()}
    return [
        ("within places, a street, page of 100", "within", {"layer": "places", "area": street}),
        (
            "within events (open), a drawn 4 km²",
            "within",
            {
                "layer": "events",
                "status": "open",
                "geometry": (
                    '{"type":"Polygon","coordinates":[[[119.92,31.92],[119.94,31.92],[119.94,31.94],[119.92,31.94],[119.92,31.92]]]}'
                ),
            },
        ),
        ("buffer places 1 km", "buffer", {"layer": "places", **centre, "radius_m": 1000}),
        ("buffer events 500 m", "buffer", {"layer": "events", **centre, "radius_m": 500}),
        ("nearest 5 places", "nearest", {"layer": "places", **centre, "k": 5}),
        ("nearest 10 events", "nearest", {"layer": "events", **centre, "k": 10}),
        ("aggregate events by grid", "aggregate", {"layer": "events", "by": "grid"}),
        ("aggregate places by community", "aggregate", {"layer": "places", "by": "community"}),
        ("aggregate fixes by grid, one hour", "aggregate", {"layer": "fixes", "by": "grid", **hour}),
        ("aggregate fixes by grid, one day", "aggregate", {"layer": "fixes", "by": "grid", **window}),
        ("aggregate fixes by h3:9, one day", "aggregate", {"layer": "fixes", "by": "h3:9", **window}),
    ]


def _captured_sql(user, operation, params):
    """The statements the query runs (the time-limit set-up left out)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from analysis import services
    from analysis.api.serializers import RESERVED, QuerySerializer
    from geo.api.validation import validated

    checked = validated(QuerySerializer, params)
    filters = {k: v for k, v in params.items() if k not in RESERVED}
    with CaptureQueriesContext(connection) as captured:
        services.run(user, operation, checked, filters)
    skip = ("SAVEPOINT", "RELEASE", "SELECT set_config", "SET LOCAL", "BEGIN", "COMMIT")
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(skip)]


def _raw(conn, statements, repeat):
    timings = []
    with conn.cursor() as cur:
        for _ in range(repeat):
            start = time.perf_counter()
            for statement in statements:
                cur.execute(statement)
                cur.fetchall()
            timings.append(time.perf_counter() - start)
    return timings


def _api(port, token, operation, params, repeat):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    url = f"/api/v1/query/{operation}?{urlencode(params)}"
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        connection.request("GET", url, headers={"Authorization": f"Token {token}"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            return None, f"{response.status} {json.loads(body).get('field', '')}"
        timings.append(time.perf_counter() - start)
    connection.close()
    return timings, None


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/query.py")
    parser.add_argument("--places", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--fixes", type=int, default=10_000_000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--drop", action="store_true")
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    from accounts.models import User
    from accounts.tokens import issue
    from bench.heat import DEVICE_BASE, _ensure_data
    from tracking.partitions import ensure_partitions

    local_midnight = datetime.now(dt_timezone(timedelta(hours=8))).replace(hour=0, minute=0, second=0, microsecond=0)
    day = local_midnight - timedelta(days=20)
    conn = common.db_connect()
    with conn.cursor() as cur:
        if args.drop:
            cur.execute("DELETE FROM grids_place WHERE name LIKE 'bench-%%'")
            cur.execute("DELETE FROM events_event WHERE code LIKE 'BENCH-%%'")
            cur.execute("DELETE FROM tracking_position WHERE device_id >= %s", [DEVICE_BASE])
            print("bench places, events and fixes dropped")
            return {"summary": []}
        _ensure_places(cur, args.places)
        _ensure_events(cur, args.events)
        # Fresh statistics: with stale ones the planner takes a code prefix for rare and sorts
        # every event instead of walking the GiST index in KNN order (measured: 336 ms vs 9 ms).
        cur.execute("ANALYZE grids_place")
        cur.execute("ANALYZE events_event")
    ensure_partitions(day.date(), ahead=1)
    _ensure_data(conn, args.fixes, day)

    user = User.objects.get(username="analyst")
    token = issue(user=user).key
    rows, summary = [], []
    with common.serve() as (port, _):
        for label, operation, params in _queries(day):
            _, refused = _api(port, token, operation, params, 2)  # warm the process and the buffers
            if refused:  # e.g. past the statement time limit: a 400 asking for a narrower query
                print(f"{label}: API answered {refused}", flush=True)
                rows.append([label, refused, "", "", "", "", "NOT MET"])
                summary.append({"method": f"query: {label}", "figure": f"API {refused}", "baseline": "", "ratio": ""})
                continue
            statements = _captured_sql(user, operation, params)
            api, _ = _api(port, token, operation, params, args.requests)
            raw = _raw(conn, statements, args.requests)
            ratio = statistics.mean(raw) / statistics.mean(api)
            p95 = common.percentile_ms(api, 0.95)
            met = ratio >= 0.7 and p95 <= 300
            rows.append(
                [
                    label,
                    f"{statistics.mean(api) * 1000:.1f}",
                    f"{p95:.1f}",
                    f"{statistics.mean(raw) * 1000:.1f}",
                    f"{common.percentile_ms(raw, 0.95):.1f}",
                    f"{ratio:.2f}×",
                    "met" if met else "NOT MET",
                ]
            )
            print(
                f"{label}: API {statistics.mean(api) * 1000:.1f} ms (p95 {p95:.0f}), "
                f"SQL {statistics.mean(raw) * 1000:.1f} ms, {ratio:.2f}×",
                flush=True,
            )
            summary.append(
                {
                    "method": f"query: {label}",
                    "figure": f"API mean {statistics.mean(api) * 1000:.1f} ms, p95 {p95:.0f} ms",
                    "baseline": f"same SQL direct: {statistics.mean(raw) * 1000:.1f} ms",
                    "ratio": common.fmt_ratio(ratio),
                }
            )
    facts = common.machine_facts(conn)
    conn.close()
    print(f"\n{args.places:,} places, {args.events:,} events, {args.fixes:,} fixes; {args.requests} requests each")
    print(
        common.text_table(["query", "API ms", "API p95", "SQL ms", "SQL p95", "ratio", "goal ≥0.7×, p95 ≤300 ms"], rows)
    )
    return {"facts": facts, "summary": summary}


if __name__ == "__main__":
    main(sys.argv[1:])
