"""Ingest: 1,000,000 fixes for 2,000 workers through the full pipeline over HTTP
(`POST /api/v1/positions`: parse, validate, deduplicate, flag, locate, H3, one INSERT with heat
aggregates, latest position) vs a raw `COPY` of the same rows into the same partitioned table.

    .venv/bin/python bench/run.py ingest [--fixes 1000000] [--workers 2000] [--clients 3]

The batch API takes one device per request, so each worker sends its own fixes in batches of at
most `--batch` (default 1,000; with the defaults, one batch of 500 per worker).
"""

import argparse
import http.client
import json
import sys
import threading
import time
import uuid
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import numpy as np

from bench import common

__all__ = ["main"]


def _workers(n):
    from accounts.models import Role, User
    from accounts.tokens import issue
    from tracking.devices import device_for_user

    users = list(User.objects.filter(role__in=[Role.GRID_WORKER, Role.GRID_LEADER]).order_by("id")[:n])
    tokens = {u.pk: issue(u, name="bench").key for u in users}
    return [(u, tokens[u.pk], device_for_user(u)) for u in users]


def _tracks(workers, per_worker, start, seed=1):
    """Each worker walks around their grid: one fix every 5 s from `start`."""
    from grids.models import GridMember

    grid_of = dict(GridMember.objects.filter(user__in=[w[0] for w in workers]).values_list("user_id", "grid__geom"))
    rng = np.random.default_rng(seed)
    out = []
    for user, token, device in workers:
        p = grid_of[user.pk].point_on_surface
        steps = rng.normal(0, 2e-5, size=(per_worker, 2)).cumsum(axis=0)
        times = [start + timedelta(seconds=5 * i) for i in range(per_worker)]
        out.append((user, token, device, times, p.x + steps[:, 0], p.y + steps[:, 1]))
    return out


def _delete(conn, workers, start, end):
    with conn.cursor() as cur:
        cur.execute(
            "DELETE FROM tracking_position WHERE device_id = ANY(%s) AND time >= %s AND time < %s",
            [[w[2].pk for w in workers], start, end],
        )


def _copy(conn, tracks):
    import h3

    from grids.locate import locate_many

    rows = []
    for user, _, device, times, lon, lat in tracks:
        located = locate_many(lon, lat)
        for i, t in enumerate(times):
            rows.append(
                (
                    device.pk,
                    user.pk,
                    t,
                    t,
                    f"SRID=4326;POINT({lon[i]} {lat[i]})",
                    5,
                    0,
                    int(located.micro_grid_id[i]),
                    int(located.grid_id[i]),
                    located.code[i],
                    h3.str_to_int(h3.latlng_to_cell(lat[i], lon[i], 10)),
                    "copy",
                )
            )
    start = time.perf_counter()
    with (
        conn.cursor() as cur,
        cur.copy(
            "COPY tracking_position (device_id, user_id, time, received_at, geom, accuracy_m, flags, micro_grid_id, "
            "grid_id, location_code, h3, source) FROM STDIN"
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)
    return time.perf_counter() - start


def _bodies(tracks, batch):
    for _, token, _, times, lon, lat in tracks:
        for s in range(0, len(times), batch):
            body = json.dumps(
                [
                    {
                        "id": str(uuid.uuid4()),
                        "time": times[i].isoformat(),
                        "lon": float(lon[i]),
                        "lat": float(lat[i]),
                        "accuracy_m": 5,
                    }
                    for i in range(s, min(s + batch, len(times)))
                ]
            ).encode()
            yield token, body


def _post_all(port, work, clients):
    accepted, errors, lock = [0], [], threading.Lock()
    queue = list(work)

    def run():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                if not queue:
                    break
                token, body = queue.pop()
            conn.request(
                "POST",
                "/api/v1/positions",
                body=body,
                headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
            )
            response = conn.getresponse()
            data = response.read()
            with lock:
                if response.status != 200:
                    errors.append((response.status, data[:200]))
                else:
                    accepted[0] += json.loads(data)["accepted"]
        conn.close()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, accepted[0], errors


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/ingest.py")
    parser.add_argument("--fixes", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=3)
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    from tracking.partitions import ensure_partitions

    ensure_partitions()
    workers = _workers(args.workers)
    per_worker = args.fixes // len(workers)
    end = datetime.now(dt_timezone.utc) - timedelta(minutes=1)
    start = end - timedelta(seconds=5 * per_worker)
    tracks = _tracks(workers, per_worker, start)
    total = per_worker * len(workers)
    conn = common.db_connect()

    _delete(conn, workers, start, end + timedelta(hours=1))
    copy_s = _copy(conn, tracks)
    _delete(conn, workers, start, end + timedelta(hours=1))
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE tracking_position")

    work = list(_bodies(tracks, min(args.batch, per_worker)))
    with common.serve() as (port, server):
        cpu0 = common.server_cpu_seconds(server.pid)
        http_s, accepted, errors = _post_all(port, work, args.clients)
        cpu = common.server_cpu_seconds(server.pid) - cpu0
    facts = common.machine_facts(conn)
    conn.close()

    ours, raw = total / http_s, total / copy_s
    ratio = ours / raw
    rows = [
        [
            f"ours: POST /api/v1/positions ({len(work)} batches, {args.clients} clients)",
            f"{http_s:.1f}",
            f"{ours:,.0f}",
        ],
        ["raw COPY of the same rows", f"{copy_s:.1f}", f"{raw:,.0f}"],
    ]
    print(f"\n{total:,} fixes for {len(workers)} workers; accepted {accepted:,}; errors {len(errors)} {errors[:2]}")
    print(common.text_table(["method", "seconds", "fixes/s"], rows))
    print(f"server CPU {cpu:.0f} s of {http_s:.0f} s wall")
    goal = ratio >= 0.5 and ours >= 20_000 and accepted == total
    print(f"\nours/COPY = {ratio:.2f}× (goal ≥ 0.5× and ≥ 20,000 fixes/s): {'MET' if goal else 'NOT MET'}")
    return {
        "facts": facts,
        "goal_met": goal,
        "summary": [
            {
                "method": f"ingest {total:,} fixes over HTTP (batches of {min(args.batch, per_worker)})",
                "figure": f"{ours:,.0f} fixes/s",
                "baseline": f"raw COPY: {raw:,.0f} fixes/s",
                "ratio": f"{ratio:.2f}×",
            }
        ],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
