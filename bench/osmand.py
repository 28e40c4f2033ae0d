"""OsmAnd protocol: one fix per request, Traccar-Client style (parameters in the query string), at
concurrency 50, vs a trivial view (`/healthz`) on the same server, in one run.

    .venv/bin/python bench/run.py osmand [--requests 5000] [--concurrency 50]

The client is asyncio with one keep-alive connection per concurrent sender, so it stays far below
the server's cost per request.
"""

import argparse
import asyncio
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


def _osmand_paths(n):
    from tracking.models import Device

    devices = list(
        Device.objects.filter(user__grid_memberships__isnull=False, is_active=True)
        .values_list("identifier", "user__grid_memberships__grid__geom")
        .order_by("id")[:2000]
    )
    start = int((datetime.now(dt_timezone.utc) - timedelta(hours=6)).timestamp())
    paths = []
    for i in range(n):
        identifier, geom = devices[i % len(devices)]
        p = geom.point_on_surface
        step = i // len(devices)
        paths.append(
            f"/osmand/?id={identifier}&timestamp={start + 5 * step}&lat={p.y:.6f}&lon={p.x + step * 1e-5:.6f}"
            f"&speed=1.2&bearing=90&altitude=10&accuracy=6&batt=80"
        )
    return paths


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/osmand.py")
    parser.add_argument("--requests", type=int, default=5_000)
    parser.add_argument("--concurrency", type=int, default=50)
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    from tracking.partitions import ensure_partitions

    ensure_partitions()
    paths = _osmand_paths(args.requests)
    with common.daphne() as (port, server):
        asyncio.run(_load(port, ["/healthz"] * 500, args.concurrency))  # warm up
        trivial_s, trivial_lat, trivial_fail = asyncio.run(_load(port, ["/healthz"] * args.requests, args.concurrency))
        cpu0 = common.server_cpu_seconds(server.pid)
        ours_s, ours_lat, ours_fail = asyncio.run(_load(port, paths, args.concurrency))
        cpu = common.server_cpu_seconds(server.pid) - cpu0
    ours = common.latency_summary(ours_s, ours_lat, len(paths))
    trivial = common.latency_summary(trivial_s, trivial_lat, args.requests)
    ratio = ours["rps"] / trivial["rps"]
    rows = [
        [
            "ours: GET /osmand/?id=…&lat=…&lon=… (1 fix each)",
            f"{ours['rps']:,.0f}",
            f"{ours['p50']:.1f}",
            f"{ours['p99']:.1f}",
            str(len(ours_fail)),
        ],
        [
            "trivial view /healthz (no database)",
            f"{trivial['rps']:,.0f}",
            f"{trivial['p50']:.1f}",
            f"{trivial['p99']:.1f}",
            str(len(trivial_fail)),
        ],
    ]
    print(f"\n{args.requests:,} requests at concurrency {args.concurrency}, one daphne process")
    print(common.text_table(["method", "req/s", "p50 ms", "p99 ms", "non-200"], rows))
    print(f"server CPU {cpu:.0f} s over {ours_s:.0f} s wall for the OsmAnd run")
    goal = ratio >= 0.5 and ours["rps"] >= 1000 and not ours_fail
    print(f"\nours/trivial = {ratio:.2f}× (goal ≥ 0.5× and ≥ 1,000 req/s): {'MET' if goal else 'NOT MET'}")
    return {
        "facts": common.machine_facts(),
        "goal_met": goal,
        "summary": [
            {
                "method": f"OsmAnd, 1 fix per request, concurrency {args.concurrency}",
                "figure": f"{ours['rps']:,.0f} req/s, p99 {ours['p99']:.0f} ms",
                "baseline": f"trivial view: {trivial['rps']:,.0f} req/s",
                "ratio": f"{ratio:.2f}×",
            }
        ],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
