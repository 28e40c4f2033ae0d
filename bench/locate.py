"""Locate N random points inside the district to their micro-grid: grids.locate.locate_many against
a PostGIS ST_Contains join and a geopandas sjoin, on the same points (WGS84, fixed seed).

    .venv/bin/python bench/run.py locate [--points N] [--seed S] [--repeat R] [--no-unnest]
"""

import argparse

import numpy as np

try:
    from bench import common
except ImportError:  # run as a script: bench/locate.py
    import common

__all__ = ["main"]

DISTRICT_CODE = "320411000000"
NONE = -1

JOIN_SQL = "SELECT p.id, m.id FROM tmp_points p JOIN grids_microgrid m ON ST_Contains(m.geom, p.geom)"
UNNEST_SQL = (
    "SELECT p.id, m.id"
    " FROM unnest(%s::float8[], %s::float8[]) WITH ORDINALITY AS p(lon, lat, id)"
    " JOIN grids_microgrid m ON ST_Contains(m.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))"
)


def _parse(argv):
    parser = argparse.ArgumentParser(prog="bench locate", description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000, help="points to locate (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=20240611, help="random seed for the points")
    parser.add_argument("--repeat", type=int, default=1, help="time each method R times, keep the fastest")
    parser.add_argument("--no-unnest", action="store_true", help="skip the unnest(float8[]) PostGIS variant")
    return parser.parse_args(argv)


def _district_points(n: int, seed: int) -> np.ndarray:
    import shapely

    from geo.models import AdminArea
    from geo.partition import random_points_in

    district = shapely.from_wkb(bytes(AdminArea.objects.get(code=DISTRICT_CODE).geom.ewkb))
    return random_points_in(district, n, np.random.default_rng(seed))


def _micro_grids():
    """(ids, shapely geometries), ordered by code as locate's tie rule is."""
    import shapely

    from grids.models import MicroGrid

    rows = list(MicroGrid.objects.order_by("code").values_list("id", "geom"))
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return ids, shapely.from_wkb([bytes(r[1].ewkb) for r in rows])


class _Ranker:
    """Reduces (point, micro-grid id) pairs to one id per point: the lowest code, as locate does."""

    def __init__(self, ids: np.ndarray):
        self.ids = ids
        self.rank = np.full(int(ids.max()) + 1, len(ids), dtype=np.int64)
        self.rank[ids] = np.arange(len(ids))

    def by_position(self, n: int, point: np.ndarray, position: np.ndarray) -> np.ndarray:
        best = np.full(n, len(self.ids), dtype=np.int64)
        np.minimum.at(best, point, position)
        out = np.full(n, NONE, dtype=np.int64)
        hit = best < len(self.ids)
        out[hit] = self.ids[best[hit]]
        return out

    def by_id(self, n: int, point: np.ndarray, micro_grid_id: np.ndarray) -> np.ndarray:
        return self.by_position(n, point, self.rank[micro_grid_id])


# --- the three methods -------------------------------------------------------------------------


def _ours(lon, lat, repeat):
    from grids.locate import locate_many, reset_indexes

    reset_indexes()
    _, load_seconds = common.timed(locate_many, lon[:1], lat[:1])  # loads the three layers
    located, seconds = common.best_of(repeat, locate_many, lon, lat)
    return located.micro_grid_id, seconds, load_seconds


def _load_temp_points(conn, lon, lat):
    """tmp_points(id 1..n, geom) with a GiST index, analysed. Not timed."""
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS tmp_points")
        cur.execute("DROP TABLE IF EXISTS tmp_points_xy")
        cur.execute("CREATE TEMP TABLE tmp_points_xy (id integer, lon float8, lat float8)")
        with cur.copy("COPY tmp_points_xy (id, lon, lat) FROM STDIN") as copy:
            step = 100_000
            for start in range(0, len(lon), step):
                chunk = zip(
                    range(start + 1, start + 1 + step),
                    lon[start : start + step].tolist(),
                    lat[start : start + step].tolist(),
                    strict=True,
                )
                # repr() round-trips the float64 exactly, so PostGIS sees the very same coordinates.
                copy.write("".join(f"{i}\t{x!r}\t{y!r}\n" for i, x, y in chunk))
        # Built in one pass rather than UPDATEd, so the heap the join reads holds no dead rows.
        cur.execute(
            "CREATE TEMP TABLE tmp_points AS"
            " SELECT id, ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geometry(Point, 4326) AS geom FROM tmp_points_xy"
        )
        cur.execute("DROP TABLE tmp_points_xy")
        cur.execute("CREATE INDEX ON tmp_points USING gist (geom)")
        cur.execute("ANALYZE tmp_points")
        cur.execute("EXPLAIN (COSTS OFF) " + JOIN_SQL)
        return [r[0] for r in cur.fetchall()]


def _fetch(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def _pairs(rows):
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    a = np.array(rows, dtype=np.int64)
    return a[:, 0] - 1, a[:, 1]  # point ids are 1-based


def _postgis_join(conn, lon, lat, repeat):
    plan = _load_temp_points(conn, lon, lat)
    rows, seconds = common.best_of(repeat, _fetch, conn, JOIN_SQL)
    return _pairs(rows), seconds, plan


def _postgis_unnest(conn, lon, lat, repeat):
    def run():
        # Converting the arrays to parameters is part of this variant's cost.
        return _fetch(conn, UNNEST_SQL, (lon.tolist(), lat.tolist()))

    rows, seconds = common.best_of(repeat, run)
    return _pairs(rows), seconds


def _geopandas(lon, lat, micro_grids_gdf, repeat):
    import geopandas

    def run():
        points = geopandas.GeoDataFrame(geometry=geopandas.points_from_xy(lon, lat), crs=4326)
        return geopandas.sjoin(points, micro_grids_gdf, predicate="within")

    joined, seconds = common.best_of(repeat, run)
    return (joined.index.to_numpy(np.int64), joined["index_right"].to_numpy(np.int64)), seconds


# --- report -----------------------------------------------------------------------------------


def _agreement(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b)) if len(a) else 1.0


def main(argv=None) -> dict:
    args = _parse(argv or [])
    common.setup_django()
    import geopandas

    n = args.points
    conn = common.db_connect()
    facts = common.machine_facts(conn)
    print(f"locate: {n:,} uniformly random points inside district {DISTRICT_CODE}, seed {args.seed}")
    common.print_facts(facts)

    xy, draw_seconds = common.timed(_district_points, n, args.seed)
    lon, lat = np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1])
    ids, geoms = _micro_grids()
    ranker = _Ranker(ids)
    micro_grids_gdf = geopandas.GeoDataFrame({"micro_grid_id": ids}, geometry=geoms, crs=4326)
    print(f"  points drawn in {draw_seconds:.2f} s; {len(ids):,} micro-grids loaded\n")

    results = {}  # method -> (seconds, micro-grid id per point)
    ours_ids, ours_s, load_s = _ours(lon, lat, args.repeat)
    results["ours: grids.locate.locate_many"] = (ours_s, ours_ids)

    (p, m), join_s, plan = _postgis_join(conn, lon, lat, args.repeat)
    results["PostGIS: ST_Contains join (temp table, GiST)"] = (join_s, ranker.by_id(n, p, m))
    if not args.no_unnest:
        (p, m), unnest_s = _postgis_unnest(conn, lon, lat, args.repeat)
        results["PostGIS: ST_Contains join (unnest float8[])"] = (unnest_s, ranker.by_id(n, p, m))
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS tmp_points")
    conn.close()

    (p, pos), sjoin_s = _geopandas(lon, lat, micro_grids_gdf, args.repeat)
    results["geopandas: sjoin(within)"] = (sjoin_s, ranker.by_position(n, p, pos))

    rows = []
    for method, (seconds, _) in results.items():
        rows.append({"method": method, "seconds": seconds, "per_second": n / seconds, "ratio": seconds / ours_s})
    rows.append(
        {
            "method": "ours: index load (3 layers, once per process)",
            "seconds": load_s,
            "per_second": None,
            "ratio": None,
        }
    )
    print(
        common.text_table(
            ["method", "seconds", "points/s", "time ÷ ours"],
            [
                [
                    r["method"],
                    common.fmt_seconds(r["seconds"]),
                    common.fmt_rate(r["per_second"]) if r["per_second"] else "—",
                    common.fmt_ratio(r["ratio"]) if r["ratio"] else "—",
                ]
                for r in rows
            ],
        )
    )
    print("\nPostGIS join plan:\n  " + "\n  ".join(plan))

    agreement = {}
    for method, (_, method_ids) in results.items():
        if not method.startswith("ours"):
            agreement[method] = _agreement(ours_ids, method_ids)
    unfound = int(np.sum(ours_ids == NONE))
    print(f"\nagreement with ours (same micro-grid, or none for both); ours found no micro-grid for {unfound:,} points")
    for method, share in agreement.items():
        print(f"  {method}: {share:.6%} ({int(round((1 - share) * n)):,} points differ)")
    sjoin_ok = agreement["geopandas: sjoin(within)"] >= 0.9999

    baselines = [r for r in rows if not r["method"].startswith("ours")]
    fastest = min(baselines, key=lambda r: r["seconds"])
    goal_met = ours_s <= fastest["seconds"]
    verdict = "MET" if goal_met else "NOT MET"
    print(f"\nsjoin agreement ≥ 99.99%: {'yes' if sjoin_ok else 'NO'}")
    print(
        f"goal {verdict}: ours {n / ours_s:,.0f} points/s vs fastest baseline ({fastest['method']}) "
        f"{fastest['per_second']:,.0f} points/s — ours is {fastest['seconds'] / ours_s:.2f}× its speed"
    )

    figure = f"{common.fmt_seconds(ours_s)} s ({common.fmt_rate(n / ours_s)} points/s)"
    summary = [
        {
            "method": f"locate {n:,} points → micro-grid: `locate_many`",
            "figure": figure,
            "baseline": f"{r['method']}: {common.fmt_seconds(r['seconds'])} s "
            f"({common.fmt_rate(r['per_second'])} points/s)",
            "ratio": f"{r['seconds'] / ours_s:.2f}× faster"
            if r["seconds"] >= ours_s
            else f"{ours_s / r['seconds']:.2f}× slower",
        }
        for r in baselines
    ]
    summary.append(
        {
            "method": "locate: index load (once per process)",
            "figure": f"{common.fmt_seconds(load_s)} s",
            "baseline": "—",
            "ratio": "—",
        }
    )
    return {
        "name": "locate",
        "points": n,
        "seed": args.seed,
        "facts": facts,
        "rows": rows,
        "plan": plan,
        "agreement": agreement,
        "sjoin_agreement_ok": sjoin_ok,
        "goal_met": goal_met,
        "summary": summary,
    }


if __name__ == "__main__":
    import sys

    common.setup_django()
    main(sys.argv[1:])
