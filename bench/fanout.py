"""Live fan-out: simulated workers report one fix every 5 s through the OsmAnd endpoint while map
clients listen on /ws/map/; latency is measured from the HTTP ingest call returning to the frame
holding that fix arriving at each client. Baseline: a bare `websockets` broadcast server fed the same
stream (one message per fix, straight to every client), in the same run.

    .venv/bin/python bench/run.py fanout [--workers 2000] [--clients 50] [--seconds 30]
"""

import argparse
import asyncio
import json
import statistics
import sys
import time
from datetime import datetime
from datetime import timezone as dt_timezone

from bench import common

__all__ = ["main"]


def _fleet(n):
    from accounts.models import User
    from accounts.tokens import issue
    from tracking.models import Device

    devices = list(
        Device.objects.filter(user__grid_memberships__isnull=False, is_active=True)
        .values_list("identifier", "user_id", "user__grid_memberships__grid__geom")
        .order_by("id")[:n]
    )
    token = issue(user=User.objects.get(username="district"))
    return [(ident, uid, geom.point_on_surface) for ident, uid, geom in devices], token.key


async def _http_get(port, path):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        return int(head.split(b" ", 2)[1])
    finally:
        writer.close()


async def _feed(fleet, seconds, send_fix):
    """Each worker reports every 5 s, phases spread evenly; returns (sent, failed)."""
    period, n = 5.0, len(fleet)
    start = time.perf_counter()
    failed = 0
    tasks = set()
    k = 0
    while True:
        due = start + k * period / n
        if due - start > seconds:
            break
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        ident, uid, p = fleet[k % n]
        step = k // n
        task = asyncio.create_task(send_fix(ident, uid, p.x + step * 1e-5, p.y))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        k += 1
    results = await asyncio.gather(*tasks, return_exceptions=True) if tasks else []
    for r in results:
        failed += r is not True
    return k, failed


async def _ours(port, fleet, token, clients, seconds):
    import websockets

    from realtime.routing import MAP_PATH

    returned = {}  # (user id, fix time iso) → when the ingest call returned
    latencies, frames = [], [0]

    async def listen(ws):
        async for message in ws:
            frame = json.loads(message)
            if frame.get("type") != "positions" or frame.get("snapshot"):
                continue
            frames[0] += 1
            now = time.perf_counter()
            for w in frame["workers"]:
                t0 = returned.get((w["id"], w["time"]))
                if t0 is not None:
                    latencies.append(now - t0)

    async def send_fix(ident, uid, lon, lat):
        moment = datetime.now(dt_timezone.utc).replace(microsecond=0)
        status = await _http_get(
            port, f"/osmand/?id={ident}&timestamp={int(moment.timestamp())}&lat={lat:.7f}&lon={lon:.7f}&accuracy=5"
        )
        returned[(uid, moment.isoformat())] = time.perf_counter()
        return status == 200

    sockets = [
        await websockets.connect(
            f"ws://127.0.0.1:{port}/{MAP_PATH}?token={token}", origin="http://127.0.0.1", max_size=None
        )
        for _ in range(clients)
    ]
    listeners = [asyncio.create_task(listen(ws)) for ws in sockets]
    sent, failed = await _feed(fleet, seconds, send_fix)
    await asyncio.sleep(2)
    for ws in sockets:
        await ws.close()
    await asyncio.gather(*listeners, return_exceptions=True)
    return latencies, frames[0], sent, failed


async def _baseline(fleet, clients, seconds):
    import websockets

    port = common.free_port()
    audience = set()

    async def handler(ws):
        if ws.request.path == "/publish":
            async for message in ws:
                websockets.broadcast(audience, message)
        else:
            audience.add(ws)
            try:
                await ws.wait_closed()
            finally:
                audience.discard(ws)

    latencies, frames = [], [0]
    async with websockets.serve(handler, "127.0.0.1", port, max_size=None):
        sockets = [await websockets.connect(f"ws://127.0.0.1:{port}/map") for _ in range(clients)]
        publisher = await websockets.connect(f"ws://127.0.0.1:{port}/publish")

        async def listen(ws):
            async for message in ws:
                frames[0] += 1
                latencies.append(time.perf_counter() - json.loads(message)["sent"])

        listeners = [asyncio.create_task(listen(ws)) for ws in sockets]

        async def send_fix(ident, uid, lon, lat):
            await publisher.send(
                json.dumps(
                    {"type": "positions", "sent": time.perf_counter(), "workers": [{"id": uid, "lon": lon, "lat": lat}]}
                )
            )
            return True

        sent, failed = await _feed(fleet, seconds, send_fix)
        await asyncio.sleep(1)
        for ws in [*sockets, publisher]:
            await ws.close()
        await asyncio.gather(*listeners, return_exceptions=True)
    return latencies, frames[0], sent, failed


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/fanout.py")
    parser.add_argument("--workers", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    from tracking.partitions import ensure_partitions

    ensure_partitions()
    fleet, token = _fleet(args.workers)
    with common.serve() as (port, server):
        cpu0, wall0 = common.server_cpu_seconds(server.pid), time.perf_counter()
        ours = asyncio.run(_ours(port, fleet, token, args.clients, args.seconds))
        cpu, wall = common.server_cpu_seconds(server.pid) - cpu0, time.perf_counter() - wall0
    base = asyncio.run(_baseline(fleet, args.clients, args.seconds))

    rows = []
    for name, (lat, frames, sent, failed) in (
        ("ours: OsmAnd → coalesced /ws/map/ frames", ours),
        ("bare websockets broadcast, one message per fix", base),
    ):
        rows.append(
            [
                name,
                f"{sent:,}",
                str(failed),
                f"{frames / args.seconds:,.0f}",
                f"{statistics.median(lat) * 1000 if lat else float('nan'):.0f}",
                f"{common.percentile_ms(lat, 0.99):.0f}",
                f"{len(lat):,}",
            ]
        )
    print(
        f"\n{len(fleet)} workers × 1 fix / 5 s, {args.clients} map clients, {args.seconds:.0f} s, "
        "uvicorn, one process per core"
    )
    print(common.text_table(["method", "fixes", "failed", "frames/s", "p50 ms", "p99 ms", "deliveries"], rows))
    print(f"server CPU {cpu:.1f} s over {wall:.1f} s wall ({100 * cpu / wall:.0f}% of one core)")
    p99 = common.percentile_ms(ours[0], 0.99)
    goal = p99 <= 250 and not ours[3]
    print(f"\np99 {p99:.0f} ms (goal ≤ 250 ms): {'MET' if goal else 'NOT MET'}")
    return {
        "facts": common.machine_facts(),
        "goal_met": goal,
        "summary": [
            {
                "method": f"live fan-out, {len(fleet)} workers / 5 s, {args.clients} clients",
                "figure": f"p50 {statistics.median(ours[0]) * 1000 if ours[0] else float('nan'):.0f} ms, "
                f"p99 {p99:.0f} ms, server CPU {100 * cpu / wall:.0f}%",
                "baseline": "bare websockets: "
                f"p50 {statistics.median(base[0]) * 1000 if base[0] else float('nan'):.1f} ms, "
                f"p99 {common.percentile_ms(base[0], 0.99):.1f} ms",
                "ratio": "—",
            }
        ],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
