"""OsmAnd protocol: one fix per request, Traccar-Client style (parameters in the query string), at
concurrency 50, vs the trivial `/healthz` (the lean path's bare handler) on the same server, in
one run, for each server and process count (the table behind scripts/serve.sh's choice).

    .venv/bin/python bench/run.py osmand [--requests 5000] [--concurrency 50] [--servers uvicorn:0]

The client is asyncio with one keep-alive connection per concurrent sender, so it stays far below
the server's cost per request.
"""

import argparse
import asyncio
import os
import sys
import time
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from bench import common

__all__ = ["main"]


async def _sender(port, paths, latencies, failures):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for path in paths:
            start = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if status != 200:
                failures.append(status)
    finally:
        writer.close()


async def _load(port, paths, concurrency):
    latencies, failures = [], []
    shares = [paths[i::concurrency] for i in range(concurrency)]
    start = time.perf_counter()
    await asyncio.gather(*(_sender(port, share, latencies, failures) for share in shares))
    return time.perf_counter() - start, latencies, failures


def _osmand_paths(n, hours_ago):
    from tracking.models import Device

    devices = list(
        Device.objects.filter(user__grid_memberships__isnull=False, is_active=True)
        .values_list("identifier", "user__grid_memberships__grid__geom")
        .order_by("id")[:2000]
    )
    start = int((datetime.now(dt_timezone.utc) - timedelta(hours=hours_ago)).timestamp())
    paths = []
    for i in range(n):
        identifier, geom = devices[i % len(devices)]
        p = geom.point_on_surface
        step = i // len(devices)
        paths.append(
            f"/osmand/?id={identifier}&timestamp={start + 5 * step}&lat={p.y:.6f}&lon={p.x + step * 1e-5:.6f}"
            f"&speed=1.2&bearing=90&altitude=10&accuracy=6&batt=80"
        )
    last = start + 5 * ((n - 1) // len(devices))
    return paths, (datetime.fromtimestamp(start, dt_timezone.utc), datetime.fromtimestamp(last, dt_timezone.utc))


def _stored_between(since, until, received_after) -> int:
    """OsmAnd fixes with times in [since, until] stored by this run (received after it began)."""
    from tracking.models import Position

    return Position.objects.filter(
        source="osmand", time__gte=since, time__lte=until, received_at__gte=received_after
    ).count()


def _configurations(text: str) -> list[tuple[str, int]]:
    """ "daphne:1,uvicorn:1,uvicorn:2" → [(server, processes)]; granian only where it is installed."""
    out = []
    for part in text.split(","):
        kind, _, n = part.partition(":")
        if kind == "granian" and not (common.REPO_ROOT / ".venv/bin/granian").exists():
            continue
        out.append((kind, int(n or 0) or (os.cpu_count() or 1)))
    return out


def _measure(kind, workers, args, hours_ago):
    paths, (since, until) = _osmand_paths(args.requests, hours_ago)
    began = datetime.now(dt_timezone.utc)
    with common.serve(kind, workers) as (port, server):
        asyncio.run(_load(port, ["/healthz"] * 500, args.concurrency))  # warm up
        cpu0 = common.server_cpu_seconds(server.pid)
        trivial_s, trivial_lat, trivial_fail = asyncio.run(_load(port, ["/healthz"] * args.requests, args.concurrency))
        trivial_cpu = common.server_cpu_seconds(server.pid) - cpu0
        cpu0 = common.server_cpu_seconds(server.pid)
        ours_s, ours_lat, ours_fail = asyncio.run(_load(port, paths, args.concurrency))
        cpu = common.server_cpu_seconds(server.pid) - cpu0
    stored = _stored_between(since, until, began)
    return {
        "label": f"{kind} × {workers}",
        "ours": common.latency_summary(ours_s, ours_lat, len(paths)),
        "trivial": common.latency_summary(trivial_s, trivial_lat, args.requests),
        "cpu": cpu / ours_s,
        "trivial_cpu": trivial_cpu / trivial_s,
        "failed": len(ours_fail),
        "lost": len(paths) - len(ours_fail) - stored,
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/osmand.py")
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument(
        "--servers", default="daphne:1,uvicorn:1,uvicorn:0,granian:0", help="server:processes,… (0: one per core)"
    )
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    from tracking.partitions import ensure_partitions

    ensure_partitions()
    runs = [_measure(kind, n, args, 6 + i) for i, (kind, n) in enumerate(_configurations(args.servers))]
    rows = [
        [
            r["label"],
            f"{r['ours']['rps']:,.0f}",
            f"{r['ours']['p50']:.1f}",
            f"{r['ours']['p99']:.1f}",
            f"{r['cpu']:.2f}",
            str(r["failed"]),
            str(r["lost"]),
            f"{r['trivial']['rps']:,.0f}",
            f"{r['trivial_cpu']:.2f}",
            common.fmt_ratio(r["ours"]["rps"] / r["trivial"]["rps"]),
        ]
        for r in runs
    ]
    print(f"\n{args.requests:,} OsmAnd requests (1 fix each) at concurrency {args.concurrency}, then /healthz")
    print("(server CPU: cores busy on average; synchronous commit on; stored-once checked in the database)")
    headers = ["server × processes", "fix req/s", "p50 ms", "p99 ms", "CPU", "non-200", "lost"]
    print(common.text_table(headers + ["/healthz req/s", "CPU", "ratio"], rows))
    best = max(runs, key=lambda r: r["ours"]["rps"])
    ours = best["ours"]
    ratio = ours["rps"] / best["trivial"]["rps"]
    goal = ours["rps"] >= 1000 and ours["p99"] <= 100 and not best["failed"] and not best["lost"]
    print(f"\nbest: {best['label']}: {ours['rps']:,.0f} req/s, p99 {ours['p99']:.0f} ms, {ratio:.2f}× /healthz")
    print(f"goal ≥ 1,000 req/s (2,000 wanted), p99 ≤ 100 ms, nothing lost: {'MET' if goal else 'NOT MET'}")
    return {
        "facts": common.machine_facts(),
        "goal_met": goal,
        "summary": [
            {
                "method": f"OsmAnd, 1 fix per request, concurrency {args.concurrency}, {r['label']}",
                "figure": f"{r['ours']['rps']:,.0f} req/s, p99 {r['ours']['p99']:.0f} ms, CPU {r['cpu']:.2f}",
                "baseline": f"/healthz: {r['trivial']['rps']:,.0f} req/s",
                "ratio": common.fmt_ratio(r["ours"]["rps"] / r["trivial"]["rps"]),
            }
            for r in runs
        ],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
