"""Heat: a 24 h heat query over 10M fixes from the hourly H3 aggregates (what /api/v1/heat and the
heat tiles read) vs a GROUP BY over the raw fixes of the same 24 hours.

    .venv/bin/python bench/run.py heat [--fixes 10000000] [--res 9]

The fixes are generated once in SQL (device ids ≥ 10⁹, a day 20 days ago, points inside the
district) together with their aggregates, exactly as ingest would write them, and kept for later
runs; `--drop` removes them.
"""

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from bench import common

__all__ = ["main"]

DEVICE_BASE = 1_000_000_000
WORKERS = 2000
CHUNK = 500_000


def _ensure_data(conn, n: int, day: datetime) -> bool:
    """Generate the bench fixes once: random points in the district, located and H3-indexed as
    ingest does, copied in, then aggregated into the hourly heat table."""
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM tracking_position WHERE device_id >= %s", [DEVICE_BASE])
        if cur.fetchone()[0] == n:
            return False
        cur.execute("DELETE FROM tracking_position WHERE device_id >= %s", [DEVICE_BASE])
        cur.execute("DELETE FROM tracking_heat WHERE hour >= %s AND hour < %s", [day, day + timedelta(days=1)])
        print(f"generating {n:,} fixes for {WORKERS} workers on {day:%Y-%m-%d} (once)…", flush=True)
        started = time.perf_counter()
        for offset in range(0, n, CHUNK):
            _copy_chunk(cur, offset, min(CHUNK, n - offset), n, day)
        cur.execute(
            """
            INSERT INTO tracking_heat (res, cell, hour, street_code, fixes)
            SELECT res, h3_parent(p.h3, res), date_trunc('hour', p.time), left(p.location_code, 9), count(*)
            FROM tracking_position p CROSS JOIN unnest(ARRAY[7, 8, 9, 10]) AS res
            WHERE p.device_id >= %s AND p.flags = 0 AND p.location_code <> ''
            GROUP BY 1, 2, 3, 4
            ON CONFLICT (res, cell, hour, street_code) DO UPDATE SET fixes = tracking_heat.fixes + EXCLUDED.fixes""",
            [DEVICE_BASE],
        )
        cur.execute("ANALYZE tracking_position")
        cur.execute("ANALYZE tracking_heat")
        print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
        return True


def _copy_chunk(cur, offset, count, total, day):
    import h3
    import numpy as np

    from geo.models import AdminArea
    from geo.partition import random_points_in
    from grids.locate import locate_many

    district = _district_shape(AdminArea)
    xy = random_points_in(district, count, np.random.default_rng(offset))
    located = locate_many(xy[:, 0], xy[:, 1])
    g = np.arange(offset, offset + count)
    seconds = (g // WORKERS) * (86400.0 / (total / WORKERS))
    with cur.copy(
        "COPY tracking_position (device_id, user_id, time, received_at, geom, accuracy_m, flags, "
        "micro_grid_id, grid_id, location_code, h3, source) FROM STDIN"
    ) as copy:
        for i in range(count):
            lon, lat = xy[i]
            copy.write_row(
                (
                    DEVICE_BASE + int(g[i]) % WORKERS,
                    DEVICE_BASE + int(g[i]) % WORKERS,
                    day + timedelta(seconds=float(seconds[i])),
                    day,
                    f"SRID=4326;POINT({lon} {lat})",
                    10,
                    0,
                    int(located.micro_grid_id[i]),
                    int(located.grid_id[i]),
                    located.code[i],
                    h3.str_to_int(h3.latlng_to_cell(lat, lon, 10)),
                    "bench",
                )
            )


def _district_shape(AdminArea):
    import shapely

    return shapely.from_wkb(bytes(AdminArea.objects.get(level="district").geom.wkb))


RAW = """
SELECT h3_parent(h3, %(res)s) AS cell, count(*) FROM tracking_position
WHERE time >= %(start)s AND time < %(end)s AND flags = 0 AND location_code LIKE %(prefix)s || '%%'
GROUP BY 1
"""


def _time(fn, repeat):
    timings, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        timings.append(time.perf_counter() - start)
    return result, statistics.median(timings)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/heat.py")
    parser.add_argument("--fixes", type=int, default=10_000_000)
    parser.add_argument("--res", type=int, default=9)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--drop", action="store_true")
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    from geo.jurisdiction import Jurisdiction
    from tracking.heat import heat_cells
    from tracking.partitions import ensure_partitions

    local_midnight = datetime.now(dt_timezone(timedelta(hours=8))).replace(hour=0, minute=0, second=0, microsecond=0)
    day = local_midnight - timedelta(days=20)
    conn = common.db_connect()
    if args.drop:
        with conn.cursor() as cur:
            cur.execute("DELETE FROM tracking_position WHERE device_id >= %s", [DEVICE_BASE])
            cur.execute("DELETE FROM tracking_heat WHERE hour >= %s AND hour < %s", [day, day + timedelta(days=1)])
        print("bench fixes dropped")
        return {"summary": []}
    ensure_partitions(day.date(), ahead=1)
    _ensure_data(conn, args.fixes, day)
    start, end = day, day + timedelta(days=1)
    district = Jurisdiction("320411")

    ours, ours_s = _time(lambda: heat_cells(district, start, end, args.res), args.repeat)
    with conn.cursor() as cur:

        def raw():
            cur.execute(RAW, {"res": args.res, "start": start, "end": end, "prefix": "320411"})
            return dict(cur.fetchall())

        raw(), None  # warm the buffers once
        baseline, raw_s = _time(raw, max(1, args.repeat // 2))
    facts = common.machine_facts(conn)
    conn.close()

    same = ours == baseline
    ratio = raw_s / ours_s
    rows = [
        [f"ours: heat_cells (hourly H3 aggregates), res {args.res}", f"{ours_s * 1000:.1f}", f"{len(ours):,}"],
        ["raw: GROUP BY over the 24 h of fixes", f"{raw_s * 1000:.1f}", f"{len(baseline):,}"],
    ]
    print(f"\n24 h heat over {args.fixes:,} fixes ({WORKERS} workers)")
    print(common.text_table(["method", "ms (median)", "cells"], rows))
    goal = ratio >= 20 and ours_s <= 0.2
    print(f"\nsame counts: {same}; ours is {ratio:.0f}× faster (goal ≥ 20×, ≤ 200 ms): {'MET' if goal else 'NOT MET'}")
    return {
        "facts": facts,
        "goal_met": goal,
        "summary": [
            {
                "method": f"24 h heat query over {args.fixes:,} fixes (res {args.res})",
                "figure": f"{ours_s * 1000:.1f} ms",
                "baseline": f"GROUP BY over raw fixes: {raw_s * 1000:.0f} ms",
                "ratio": f"{ratio:.0f}× faster",
            }
        ],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
