"""Grid adjustments on the demo district: preview and apply latency of a merge, a split (by line)
and a migrate, with N places (default 50,000) in the changed grids, beside re-locating the same
rows with a plain `UPDATE … FROM` join (the floor any apply pays). Everything runs inside one
transaction that is rolled back: the database is left as it was.

Positions (fixes) are not generated: an adjustment never rewrites them (historic fixes keep where
they were recorded), so their number does not change its cost.

    .venv/bin/python bench/run.py adjust [--places N] [--seed S]
"""

import argparse

import numpy as np

try:
    from bench import common
except ImportError:  # run as a script: bench/adjust.py
    import common

__all__ = ["main"]

BASELINE_SQL = """
    UPDATE grids_place p SET micro_grid_id = m.id, grid_id = m.grid_id, location_code = m.code
    FROM grids_microgrid m JOIN grids_grid g ON g.id = m.grid_id
    WHERE g.code = ANY(%(grids)s) AND p.location_code = ANY(%(dirty)s) AND ST_Covers(m.geom, p.point)
"""


def _parse(argv):
    parser = argparse.ArgumentParser(prog="bench adjust", description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=50_000, help="places in the changed grids (default 50,000)")
    parser.add_argument("--seed", type=int, default=20240611)
    return parser.parse_args(argv)


def _cases():
    import shapely

    from grids.models import Grid, MicroGrid
    from tests.grids.adjust_helpers import adjacent_grids, micro_on_border

    keep, other = adjacent_grids()
    grid = Grid.objects.get(code=keep)
    shape = shapely.from_wkb(bytes(grid.geom.wkb))
    c, (minx, _, maxx, _) = shape.centroid, shape.bounds
    line = {"type": "LineString", "coordinates": [[minx - 0.001, c.y], [maxx + 0.001, c.y]]}
    micro = micro_on_border(other, keep)
    assert MicroGrid.objects.filter(grid__code=other).count() > 1
    return (
        keep,
        other,
        [
            ("merge", {"grids": [keep, other], "keep": keep}),
            ("split", {"grid": keep, "line": line}),
            ("migrate", {"micro_grids": [micro], "to": keep}),
        ],
    )


def _add_places(keep, other, n, seed) -> int:
    """n places at random points of the two grids, located by the normal path (in bulk)."""
    import shapely
    from django.contrib.gis.geos import Point

    from geo.partition import random_points_in
    from grids.models import Grid, Place
    from grids.services import locate_objects

    area = shapely.union_all([shapely.from_wkb(bytes(g.geom.wkb)) for g in Grid.objects.filter(code__in=[keep, other])])
    xy = random_points_in(area, n, np.random.default_rng(seed))
    places = [
        Place(kind="facility", name="bench", geom=Point(x, y, srid=4326), point=Point(x, y, srid=4326)) for x, y in xy
    ]
    locate_objects(places)
    Place.objects.bulk_create(places, batch_size=5000)
    return Place.objects.filter(location_code__regex=f"^({keep}|{other})").count()


def _baseline(adjustment) -> tuple[int, float]:
    """The same rows (after apply: those located in the codes the adjustment created or changed),
    re-located by one plain statement against the micro-grids after."""
    from django.db import connection

    from grids.adjust.relocate import dirty_codes
    from grids.adjust.state import State

    dirty = dirty_codes(State.from_json(adjustment.after), State.from_json(adjustment.before))

    def run():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, {"grids": sorted(adjustment.codes), "dirty": dirty})
            return cursor.rowcount

    return common.timed(run)


def main(argv=None) -> dict:
    args = _parse(argv or [])
    common.setup_django()
    from django.db import transaction

    from accounts.models import User
    from grids.adjust.services import apply, preview, revert

    facts = common.machine_facts()
    common.print_facts(facts)
    admin = User.objects.get(username="gisadmin")
    rows = []
    with transaction.atomic():
        keep, other, cases = _cases()
        in_grids, gen_s = common.timed(_add_places, keep, other, args.places, args.seed)
        print(f"adjust: grids {keep} + {other}; {in_grids:,} places in them (generated in {gen_s:.1f} s)")
        for op, params in cases:
            adjustment, preview_s = common.timed(preview, admin, op, params)
            done, apply_s = common.timed(apply, admin, adjustment.pk)
            moved = done.member_moves["relocated"].get("places", 0)
            count, base_s = _baseline(done)
            revert(admin, done.pk)
            rows.append(
                {
                    "op": op,
                    "preview": preview_s,
                    "apply": apply_s,
                    "moved": moved,
                    "baseline": base_s,
                    "baseline_rows": count,
                }
            )
        transaction.set_rollback(True)

    print(
        common.text_table(
            ["op", "preview s", "apply s", "places moved", "UPDATE … FROM s", "apply ÷ UPDATE"],
            [
                [
                    r["op"],
                    common.fmt_seconds(r["preview"]),
                    common.fmt_seconds(r["apply"]),
                    common.fmt_int(r["moved"]),
                    common.fmt_seconds(r["baseline"]),
                    common.fmt_ratio(r["apply"] / r["baseline"]),
                ]
                for r in rows
            ],
        )
    )
    summary = [
        {
            "method": f"adjust {r['op']}: preview / apply ({r['moved']:,} of {in_grids:,} places move)",
            "figure": f"{common.fmt_seconds(r['preview'])} s / {common.fmt_seconds(r['apply'])} s",
            "baseline": f"plain UPDATE … FROM re-location of the same rows: {common.fmt_seconds(r['baseline'])} s",
            "ratio": f"apply {r['apply'] / r['baseline']:.1f}× the UPDATE",
        }
        for r in rows
    ]
    return {"name": "adjust", "places": in_grids, "rows": rows, "facts": facts, "summary": summary}


if __name__ == "__main__":
    import sys

    common.setup_django()
    main(sys.argv[1:])
