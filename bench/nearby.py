"""Nearby forces: a 5 km scan (`GET /api/v1/forces/nearby`, every kind, 20 of each) around random
points of the district over 2,000 on-duty workers, 5,000 militia members on call and 1,000
resources, vs the same four nearest-first queries (on the same metric columns and indexes) as one
raw SQL statement on a psycopg connection.

    .venv/bin/python bench/run.py nearby [--scans 300] [--radius 5000] [--drop]

The bench rows are generated once into the database by this script (users `bench-nearby-*` with a
device, latest position and open duty session; members named `bench` under demo companies;
resources named `bench …`), on top of the demo's own, and kept for later runs; `--drop` removes
them. Figures: p50/p95 of one operator's scans (one at a time) over HTTP through uvicorn, the same
scan in-process (the service alone), and the raw SQL.
"""

import argparse
import asyncio
import os
import sys
import time
from datetime import timedelta

from bench import common

__all__ = ["main"]

WORKERS, MEMBERS, RESOURCES = 2000, 5000, 1000
PREFIX = "bench-nearby-"

RAW = """
WITH p AS (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326), 4549) AS m),
box AS (SELECT ST_Expand(p.m, %(r)s) AS b, p.m FROM p)
(SELECT 'worker', l.user_id, l.geom_m <-> box.m AS d FROM tracking_latestposition l, box
  WHERE l.geom_m && box.b AND l.geom_m <-> box.m <= %(r)s
    AND l.user_id IN (SELECT s.user_id FROM tracking_dutysession s WHERE s.ended_at IS NULL)
  ORDER BY d LIMIT %(n)s)
UNION ALL
(SELECT 'member', m.id, m.point_m <-> box.m AS d FROM militia_militiamember m, box
  WHERE m.on_call AND m.point_m && box.b AND m.point_m <-> box.m <= %(r)s
    AND NOT (m.user_id IS NOT NULL
             AND m.user_id IN (SELECT user_id FROM tracking_latestposition WHERE time >= %(fresh)s))
  ORDER BY d LIMIT %(n)s)
UNION ALL
(SELECT 'company', o.id, o.point_m <-> box.m AS d FROM militia_militiaorg o, box
  WHERE o.level = 'company' AND o.point_m && box.b AND o.point_m <-> box.m <= %(r)s ORDER BY d LIMIT %(n)s)
UNION ALL
(SELECT 'resource', r.id, r.point_m <-> box.m AS d FROM militia_resource r, box
  WHERE r.point_m && box.b AND r.point_m <-> box.m <= %(r)s ORDER BY d LIMIT %(n)s)
"""


def _ensure_data(rng) -> bool:
    """Generate the bench forces once (kept for later runs)."""
    import numpy as np
    from django.contrib.auth.hashers import make_password
    from django.contrib.gis.geos import Point
    from django.db import transaction
    from django.utils import timezone

    from accounts.models import Role, User
    from geo.models import AdminArea
    from geo.partition import random_points_in
    from grids.locate import locate_many
    from grids.services import locate_objects
    from militia.models import MilitiaMember, MilitiaOrg, Resource, ResourceKind
    from tracking.models import CheckIn, Device, DutySession, LatestPosition

    have = (
        User.objects.filter(username__startswith=PREFIX).count(),
        MilitiaMember.objects.filter(name="bench").count(),
        Resource.objects.filter(name__startswith="bench ").count(),
    )
    if have == (WORKERS, MEMBERS, RESOURCES):
        return False
    _drop()
    print(f"generating {WORKERS:,} workers, {MEMBERS:,} members, {RESOURCES:,} resources (once)…", flush=True)
    import shapely

    district = shapely.from_wkb(bytes(AdminArea.objects.get(level="district").geom.wkb))
    xy = random_points_in(district, WORKERS + MEMBERS + RESOURCES, rng)
    now = timezone.now()
    with transaction.atomic():
        password = make_password(None)
        users = User.objects.bulk_create(
            [User(username=f"{PREFIX}{i:04d}", role=Role.GRID_WORKER, password=password) for i in range(WORKERS)]
        )
        devices = Device.objects.bulk_create([Device(user=u, name="bench") for u in users])
        w = xy[:WORKERS]
        located = locate_many(w[:, 0], w[:, 1])
        LatestPosition.objects.bulk_create(
            [
                LatestPosition(user=u, device=d, time=now, geom=Point(*w[i], srid=4326), location_code=located.code[i])
                for i, (u, d) in enumerate(zip(users, devices, strict=True))
            ]
        )
        checkins = CheckIn.objects.bulk_create(
            [
                CheckIn(
                    user=u, kind="in", time=now, geom=Point(*w[i], srid=4326), inside=True, distance_m=0, accepted=True
                )
                for i, u in enumerate(users)
            ]
        )
        DutySession.objects.bulk_create(
            [DutySession(user=u, started_at=now, checkin=c) for u, c in zip(users, checkins, strict=True)]
        )
        companies = list(MilitiaOrg.objects.filter(level="company"))
        m = xy[WORKERS : WORKERS + MEMBERS]
        MilitiaMember.objects.bulk_create(
            [
                MilitiaMember(
                    name="bench",
                    org=companies[i % len(companies)],
                    age_band="26-35",
                    on_call=True,
                    point=Point(*m[i], srid=4326),
                )
                for i in range(MEMBERS)
            ],
            batch_size=2000,
        )
        r = xy[WORKERS + MEMBERS :]
        kinds = ResourceKind.values
        resources = [
            Resource(kind=kinds[i % len(kinds)], name=f"bench {i}", point=Point(*r[i], srid=4326), capacity=100)
            for i in range(RESOURCES)
        ]
        locate_objects(resources)
        Resource.objects.bulk_create(resources, batch_size=2000)
    del np
    from django.db import connection

    with connection.cursor() as cur:
        for table in ("tracking_latestposition", "militia_militiamember", "militia_resource", "tracking_dutysession"):
            cur.execute(f"ANALYZE {table}")  # noqa: S608 — fixed table names
    return True


def _drop():
    from accounts.models import User
    from militia.models import MilitiaMember, Resource

    MilitiaMember.objects.filter(name="bench").delete()
    Resource.objects.filter(name__startswith="bench ").delete()
    User.objects.filter(username__startswith=PREFIX).delete()


def _token(username="district") -> str:
    from accounts.models import User
    from accounts.tokens import issue

    return issue(user=User.objects.get(username=username)).key


async def _http(port, token, points, radius) -> list[float]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    latencies = []
    try:
        for lon, lat in points:
            path = f"/api/v1/forces/nearby?lon={lon:.6f}&lat={lat:.6f}&radius_m={radius}&limit=20"
            head = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\n\r\n"
            start = time.perf_counter()
            writer.write(head.encode())
            await writer.drain()
            response = await reader.readuntil(b"\r\n\r\n")
            length = next(
                int(line.split(b":", 1)[1])
                for line in response.split(b"\r\n")
                if line.lower().startswith(b"content-length:")
            )
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if int(response.split(b" ", 2)[1]) != 200:
                raise RuntimeError(response[:200])
    finally:
        writer.close()
    return latencies


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/nearby.py")
    parser.add_argument("--scans", type=int, default=300)
    parser.add_argument("--radius", type=float, default=5000)
    parser.add_argument("--drop", action="store_true")
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    import numpy as np
    import shapely
    from django.contrib.gis.geos import Point
    from django.utils import timezone

    from events.forces import Target, scan
    from geo.jurisdiction import Jurisdiction
    from geo.models import AdminArea
    from geo.partition import random_points_in

    if args.drop:
        _drop()
        print("bench forces dropped")
        return {"summary": []}
    rng = np.random.default_rng(16)
    _ensure_data(rng)
    district = shapely.from_wkb(bytes(AdminArea.objects.get(level="district").geom.wkb))
    points = [tuple(p) for p in random_points_in(district, args.scans, np.random.default_rng(7))]
    everyone = Jurisdiction("320411")

    # the service alone, in-process
    found, service = [], []
    cpu_start = time.process_time()
    for lon, lat in points:
        start = time.perf_counter()
        body = scan(Target(Point(lon, lat, srid=4326), args.radius), everyone, limit=20)
        service.append(time.perf_counter() - start)
        found.append(len(body["forces"]))
    # Python's own CPU per scan (ORM, GEOS, serialisation), which other load on the cores cannot inflate.
    service_cpu_ms = (time.process_time() - cpu_start) / len(points) * 1000
    # the raw SQL baseline
    conn = common.db_connect()
    raw, raw_found = [], []
    fresh = timezone.now() - timedelta(minutes=30)
    with conn.cursor() as cur:
        for lon, lat in points:
            start = time.perf_counter()
            cur.execute(RAW, {"lon": lon, "lat": lat, "r": args.radius, "n": 20, "fresh": fresh})
            raw_found.append(len(cur.fetchall()))
            raw.append(time.perf_counter() - start)
    facts = common.machine_facts(conn)
    conn.close()
    # over HTTP, one operator at a time
    token = _token()
    with common.serve() as (port, _server):
        asyncio.run(_http(port, token, points[:20], args.radius))  # warm up
        http = asyncio.run(_http(port, token, points, args.radius))

    def p(lat_s, q):
        return common.percentile_ms(lat_s, q)

    rows = [
        ["ours: GET /api/v1/forces/nearby over HTTP (uvicorn)", f"{p(http, 0.5):.1f}", f"{p(http, 0.95):.1f}"],
        ["ours: events.forces.scan in-process", f"{p(service, 0.5):.1f}", f"{p(service, 0.95):.1f}"],
        ["raw SQL: the four nearest-first queries, one statement", f"{p(raw, 0.5):.1f}", f"{p(raw, 0.95):.1f}"],
    ]
    print(
        f"\n{args.scans} scans of {args.radius:.0f} m around random points; {WORKERS:,} bench workers, "
        f"{MEMBERS:,} bench members, {RESOURCES:,} bench resources on top of the demo's; "
        f"{np.mean(found):.0f} forces per scan (raw {np.mean(raw_found):.0f})"
    )
    print(common.text_table(["method", "p50 ms", "p95 ms"], rows))
    print(f"service: {service_cpu_ms:.1f} ms of Python CPU per scan; load average {os.getloadavg()[0]:.1f}")
    goal = p(http, 0.95) <= 50
    ratio = p(raw, 0.95) / p(http, 0.95)
    print(f"\nAPI p95 {p(http, 0.95):.1f} ms (goal ≤ 50 ms): {'MET' if goal else 'NOT MET'}; API/SQL {ratio:.2f}×")
    return {
        "facts": facts,
        "goal_met": goal,
        "summary": [
            {
                "method": f"nearby scan {args.radius / 1000:g} km, 4 kinds × 20 (p95, one operator)",
                "figure": f"API p95 {p(http, 0.95):.1f} ms (p50 {p(http, 0.5):.1f}); "
                f"service p95 {p(service, 0.95):.1f} ms",
                "baseline": f"raw SQL p95 {p(raw, 0.95):.1f} ms (load average {os.getloadavg()[0]:.0f})",
                "ratio": f"{ratio:.2f}×",
            }
        ],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
