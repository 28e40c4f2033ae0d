"""Events intake: Open311 `POST /open311/v2/requests.json` (form-encoded, api_key; each request
checks, locates the point to its micro-grid, routes the event to the grid's worker and the
category's department, and commits with its first log entry) at concurrency 20, vs a trivial view
(`/healthz`) on the same server, in one run.

    .venv/bin/python bench/run.py events [--requests 3000] [--concurrency 20]

Intake → routed latency: the event is created synchronously and routed inside the POST's
transaction, so it has its handler and department once the response arrives; the POST's latency is
that time, measured under load and one request at a time (no queueing), and the database is then
checked that every event posted is routed. The events the run
creates are removed afterwards (the log's append-only triggers are switched off for that only).
"""

import argparse
import asyncio
import json
import sys
import time
from urllib.parse import urlencode

from bench import common

__all__ = ["main"]

SERVICE = "ecology.noise"  # no photo needed, routed to the grid's worker and 区生态环境局
CLIENT_NAME = "bench-events"


async def _sender(port, requests, latencies, failures, codes):
    """`requests`: (method, path, body or None) sent one after another on one keep-alive connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for method, path, body in requests:
            head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: bench\r\n"
            if body is not None:
                head += f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
            start = time.perf_counter()
            writer.write(head.encode() + b"\r\n" + (body or b""))
            await writer.drain()
            response = await reader.readuntil(b"\r\n\r\n")
            status = int(response.split(b" ", 2)[1])
            length = 0
            for line in response.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            content = await reader.readexactly(length) if length else b""
            latencies.append(time.perf_counter() - start)
            if status != 200:
                failures.append((status, content[:200]))
            elif method == "POST":
                codes.append(json.loads(content)[0]["service_request_id"])
    finally:
        writer.close()


async def _load(port, requests, concurrency):
    latencies, failures, codes = [], [], []
    shares = [requests[i::concurrency] for i in range(concurrency)]
    start = time.perf_counter()
    await asyncio.gather(*(_sender(port, share, latencies, failures, codes) for share in shares))
    return time.perf_counter() - start, latencies, failures, codes


def _post_requests(n, api_key):
    """n POSTs at points spread over the grids that have a worker (one point per micro-grid)."""
    from grids.models import MicroGrid

    points = [
        m.geom.point_on_surface
        for m in MicroGrid.objects.filter(grid__members__role="worker").distinct().order_by("id").only("geom")[:n]
    ]
    requests = []
    for i in range(n):
        p = points[i % len(points)]
        body = urlencode(
            {
                "api_key": api_key,
                "service_code": SERVICE,
                "lat": f"{p.y:.7f}",
                "long": f"{p.x:.7f}",
                "description": f"夜间噪音扰民（压测 {i}）",
                "phone": "13800000000",
            }
        ).encode()
        requests.append(("POST", "/open311/v2/requests.json", body))
    return requests


def _routed(codes) -> tuple[int, int]:
    """(events routed to a grid worker, events with a department) among `codes`."""
    from django.db.models import Count, Q

    from events.models import Event

    counts = Event.objects.filter(code__in=codes).aggregate(
        worker=Count("pk", filter=Q(handler__isnull=False)), department=Count("pk", filter=Q(department__isnull=False))
    )
    return counts["worker"], counts["department"]


def _remove_bench_events():
    import pgtrigger

    from events.models import Event, EventAction, EventHistory

    ids = list(
        Event.objects.filter(source="public", attributes__open311__client=CLIENT_NAME).values_list("pk", flat=True)
    )
    with pgtrigger.ignore("events.EventAction:append_only", "events.EventHistory:append_only"):
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            EventAction.objects.filter(event_id__in=chunk).delete()
            EventHistory.objects.filter(pgh_obj_id__in=chunk).delete()
            Event.objects.filter(pk__in=chunk).delete()
    return len(ids)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/events.py")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=20)
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    from events.models import Open311Client

    client = Open311Client.objects.filter(name=CLIENT_NAME).first()
    api_key = client.rotate() if client else Open311Client.issue(CLIENT_NAME)[1]
    warm, single = min(40, args.requests // 10), min(200, args.requests // 5)
    posts = _post_requests(args.requests + warm + single, api_key)
    trivial_requests = [("GET", "/healthz", None)] * args.requests
    try:
        with common.serve() as (port, server):
            asyncio.run(_load(port, [("GET", "/healthz", None)] * 200 + posts[:warm], args.concurrency))  # warm up
            trivial_s, trivial_lat, trivial_fail, _ = asyncio.run(_load(port, trivial_requests, args.concurrency))
            cpu0 = common.server_cpu_seconds(server.pid)
            ours_s, ours_lat, ours_fail, codes = asyncio.run(
                _load(port, posts[warm : warm + args.requests], args.concurrency)
            )
            cpu = common.server_cpu_seconds(server.pid) - cpu0
            alone_s, alone_lat, alone_fail, alone_codes = asyncio.run(_load(port, posts[warm + args.requests :], 1))
            by_worker, by_department = _routed(codes + alone_codes)
    finally:
        removed = _remove_bench_events()
    n = args.requests
    ours, trivial = (
        common.latency_summary(ours_s, ours_lat, n),
        common.latency_summary(trivial_s, trivial_lat, args.requests),
    )
    alone = common.latency_summary(alone_s, alone_lat, single)
    ratio = ours["rps"] / trivial["rps"]
    rows = [
        [
            "ours: POST /open311/v2/requests.json (create, locate, route)",
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
    print(
        f"\n{n:,} Open311 requests and {args.requests:,} trivial ones at concurrency {args.concurrency}, "
        "uvicorn, one process per core"
    )
    print(common.text_table(["method", "req/s", "p50 ms", "p99 ms", "non-200"], rows))
    print(f"server CPU {cpu:.0f} s over {ours_s:.0f} s wall for the Open311 run")
    print(
        f"intake → routed (routed in the POST's transaction, so = POST latency): "
        f"at concurrency {args.concurrency} p50 {ours['p50']:.1f} ms, p99 {ours['p99']:.1f} ms; "
        f"one at a time ({single} requests) p50 {alone['p50']:.1f} ms, p99 {alone['p99']:.1f} ms"
    )
    posted = len(codes) + len(alone_codes)
    print(f"{by_worker:,}/{posted:,} events routed to a grid worker, {by_department:,} with a department")
    print(f"removed {removed:,} benchmark events")
    if ours_fail or alone_fail:
        print(f"first failure: {(ours_fail or alone_fail)[0]}")
    return {
        "facts": common.machine_facts(),
        "summary": [
            {
                "method": f"Open311 POST requests.json, concurrency {args.concurrency}",
                "figure": f"{ours['rps']:,.0f} req/s, p99 {ours['p99']:.0f} ms",
                "baseline": f"trivial view: {trivial['rps']:,.0f} req/s",
                "ratio": f"{ratio:.2f}×",
            },
            {
                "method": f"Open311 intake → routed (handler and department set), concurrency {args.concurrency}",
                "figure": f"p50 {ours['p50']:.0f} ms, p99 {ours['p99']:.0f} ms, {by_worker:,}/{posted:,} routed",
                "baseline": f"trivial view p50 {trivial['p50']:.0f} ms, p99 {trivial['p99']:.0f} ms",
                "ratio": f"{ours['p50'] / trivial['p50']:.1f}× (p50)",
            },
            {
                "method": "Open311 intake → routed, one request at a time",
                "figure": f"p50 {alone['p50']:.0f} ms, p99 {alone['p99']:.0f} ms",
                "baseline": "—",
                "ratio": "—",
            },
        ],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
