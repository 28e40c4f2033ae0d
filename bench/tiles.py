"""Vector tiles: ~300 tiles (z10–z16 over the district, all four layers) fetched through our HTTP
endpoint (daphne, token auth, jurisdiction cut, ETag) vs the same ST_AsMVT SQL executed directly.

    .venv/bin/python bench/run.py tiles [--per-layer 75] [--seed 7]
"""

import argparse
import http.client
import random
import statistics
import sys
import time

from bench import common

__all__ = ["main"]

ZOOMS = range(10, 17)


def _pick_tiles(per_layer: int, seed: int):
    from django.contrib.gis.geos import Point

    from geo.models import AdminArea
    from geo.tiles.coords import tiles_covering
    from geo.tiles.layers import all_layers

    district = AdminArea.objects.get(level="district").geom
    rng = random.Random(seed)
    picked = []
    for layer in [layer for layer in all_layers() if layer.render is None]:  # the SQL-table layers
        zooms = [z for z in ZOOMS if layer.minzoom <= z <= layer.maxzoom]
        for i in range(per_layer):
            z = zooms[i % len(zooms)]
            while True:
                pt = Point(
                    rng.uniform(district.extent[0], district.extent[2]),
                    rng.uniform(district.extent[1], district.extent[3]),
                    srid=4326,
                )
                if district.covers(pt):
                    break
            (tile,) = tiles_covering((pt.x, pt.y, pt.x, pt.y), z)
            picked.append((layer.name, *tile))
    return picked


def _fetch_http(port, token, tiles):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    latencies, sizes = [], 0
    for layer, z, x, y in tiles:
        start = time.perf_counter()
        conn.request("GET", f"/tiles/{layer}/{z}/{x}/{y}.pbf", headers={"Authorization": f"Token {token}"})
        response = conn.getresponse()
        body = response.read()
        latencies.append(time.perf_counter() - start)
        if response.status not in (200, 204):
            raise RuntimeError(f"{layer}/{z}/{x}/{y}: HTTP {response.status}")
        sizes += len(body)
    conn.close()
    return latencies, sizes


def _fetch_raw(conn, tiles, prefix):
    from geo.tiles.layers import get_layer
    from geo.tiles.mvt import tile_params, tile_sql

    queries = {}
    latencies, sizes = [], 0
    with conn.cursor() as cur:
        for layer, z, x, y in tiles:
            if layer not in queries:
                queries[layer] = tile_sql(get_layer(layer)).as_string(conn)
            start = time.perf_counter()
            cur.execute(queries[layer], tile_params(z, x, y, prefix))
            row = cur.fetchone()
            latencies.append(time.perf_counter() - start)
            sizes += len(row[0] or b"")
    return latencies, sizes


def _stats(latencies):
    ms = sorted(v * 1000 for v in latencies)
    return {
        "tiles_per_s": len(ms) / (sum(ms) / 1000),
        "p50_ms": statistics.median(ms),
        "p95_ms": ms[int(0.95 * (len(ms) - 1))],
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/tiles.py")
    parser.add_argument("--per-layer", type=int, default=75)
    parser.add_argument("--seed", type=int, default=7)
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    from accounts.models import User
    from accounts.tokens import issue

    tiles = _pick_tiles(args.per_layer, args.seed)
    user = User.objects.get(username="district")
    token = issue(user=user)
    prefix = user.jurisdiction.prefix
    conn = common.db_connect()
    try:
        with common.serve() as (port, server):
            _fetch_raw(conn, tiles, prefix)  # warm PostgreSQL's buffers for both
            cpu0 = common.server_cpu_seconds(server.pid)
            cold_lat, _ = _fetch_http(port, token.key, tiles)  # each tile rendered: server tile cache empty
            cpu1 = common.server_cpu_seconds(server.pid)
            http_lat, http_bytes = _fetch_http(port, token.key, tiles)  # served from the tile cache
            cpu2 = common.server_cpu_seconds(server.pid)
            raw_lat, raw_bytes = _fetch_raw(conn, tiles, prefix)
            facts = common.machine_facts(conn)
    finally:
        conn.close()

    ours, cold, raw = _stats(http_lat), _stats(cold_lat), _stats(raw_lat)
    ratio = ours["tiles_per_s"] / raw["tiles_per_s"]
    cold_ratio = cold["tiles_per_s"] / raw["tiles_per_s"]
    rows = [
        [
            "ours, first fetch (rendered): GET /tiles/… over HTTP",
            f"{cold['tiles_per_s']:.0f}",
            f"{cold['p50_ms']:.2f}",
            f"{cold['p95_ms']:.2f}",
            "—",
        ],
        [
            "ours, again (tile cache): GET /tiles/… over HTTP",
            f"{ours['tiles_per_s']:.0f}",
            f"{ours['p50_ms']:.2f}",
            f"{ours['p95_ms']:.2f}",
            f"{http_bytes:,}",
        ],
        [
            "raw ST_AsMVT SQL (psycopg)",
            f"{raw['tiles_per_s']:.0f}",
            f"{raw['p50_ms']:.2f}",
            f"{raw['p95_ms']:.2f}",
            f"{raw_bytes:,}",
        ],
    ]
    print(
        f"\n{len(tiles)} tiles, z10–z16, layers areas/grids/microgrids/places, user 'district' (token: the lean "
        "path), uvicorn one process per core, one client"
    )
    print(common.text_table(["method", "tiles/s", "p50 ms", "p95 ms", "bytes"], rows))
    goal = ratio >= 0.8 and ours["p50_ms"] <= 10
    print(
        f"\nours/raw = {ratio:.2f}× cached, {cold_ratio:.2f}× first fetch (goal ≥ 0.8×, p50 ≤ 10 ms): "
        f"{'MET' if goal else 'NOT MET'}"
    )
    print(
        f"server CPU per tile: {1000 * (cpu1 - cpu0) / len(tiles):.2f} ms first fetch, "
        f"{1000 * (cpu2 - cpu1) / len(tiles):.2f} ms cached"
    )
    common.print_facts(facts)
    return {
        "facts": facts,
        "goal_met": goal,
        "summary": [
            {
                "method": f"{len(tiles)} vector tiles over HTTP, first fetch (rendered)",
                "figure": f"{cold['tiles_per_s']:.0f} tiles/s, p50 {cold['p50_ms']:.1f} ms, "
                f"p95 {cold['p95_ms']:.1f} ms",
                "baseline": f"raw ST_AsMVT: {raw['tiles_per_s']:.0f} tiles/s, p50 {raw['p50_ms']:.1f} ms",
                "ratio": f"{cold_ratio:.2f}×",
            },
            {
                "method": f"{len(tiles)} vector tiles over HTTP, again (tile cache)",
                "figure": f"{ours['tiles_per_s']:.0f} tiles/s, p50 {ours['p50_ms']:.1f} ms, "
                f"p95 {ours['p95_ms']:.1f} ms",
                "baseline": f"raw ST_AsMVT: {raw['tiles_per_s']:.0f} tiles/s, p50 {raw['p50_ms']:.1f} ms",
                "ratio": f"{ratio:.2f}×",
            },
        ],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
