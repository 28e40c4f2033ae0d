"""Big screens: the summary refresh over the demo district with many fixes and events, and a
screen's data request (from the summary tables) against computing the same figures directly from
the source tables, in one run.

    .venv/bin/python bench/run.py screens [--fixes 2000000] [--events 100000] [--requests 200]

Synthetic data is written inside one transaction that is rolled back at the end (nothing stays):
`--events` events spread over the last 365 days at micro-grid points (a third closed, one in seven
overdue, four sources), and `--fixes` good fixes of the demo's devices over the last 40 minutes
(today's partition), each at a micro-grid's point. The issue's goal is 10M fixes and 100k events,
refresh < 30 s, a screen request p95 ≤ 100 ms; the default fixes are fewer so the data is generated
in a few minutes on a loaded 2-core machine — say which figures a result used.

Requests go through Django's test client in-process (view, serializer, summary-table reads); the
direct baselines call the service functions without any HTTP layer: `events.stats.event_stats`
for the event-warning screen and `tracking.reports.street_report` (one pass over today's fixes)
for the governance screen.
"""

import argparse

from bench import common

__all__ = ["main"]

# Lookup tables numbered from 0, indexed: a join on a computed number against a CTE became a nested
# loop (quadratic) in the planner.
LOOKUPS_SQL = """
CREATE TEMP TABLE bench_mg ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY m.id) - 1 AS rn, m.id, m.code, m.grid_id, g.community_id, g.street_id,
           ST_PointOnSurface(m.geom) AS p
    FROM grids_microgrid m JOIN grids_grid g ON g.id = m.grid_id;
CREATE UNIQUE INDEX ON bench_mg (rn);
CREATE TEMP TABLE bench_cat ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY id) - 1 AS rn, id FROM events_category WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX ON bench_cat (rn);
CREATE TEMP TABLE bench_dev ON COMMIT DROP AS
    SELECT row_number() OVER (ORDER BY id) - 1 AS rn, id, user_id FROM tracking_device;
CREATE UNIQUE INDEX ON bench_dev (rn);
ANALYZE bench_mg; ANALYZE bench_cat; ANALYZE bench_dev;
"""

EVENTS_SQL = """
INSERT INTO events_event (location_code, code, title, description, source, external_id, attributes, point,
    address, priority, contact_name, contact_phone, contact_email, status, level, overdue, due_soon,
    supervised, version, created_at, updated_at, category_id, micro_grid_id, grid_id, community_id,
    street_id, due_at, closed_at)
SELECT mg.code, 'BENCHSCR' || g, '压测事项', '',
    (ARRAY['worker','public','hotline_12345','city_management'])[1 + g %% 4],
    '', '{}', mg.p, '', 2, '', '', '', CASE WHEN g %% 3 = 0 THEN 'closed' ELSE 'accepted' END, 'grid',
    g %% 3 <> 0 AND g %% 7 = 0, false, false, 1, t.at, t.at, cat.id, mg.id, mg.grid_id, mg.community_id,
    mg.street_id, t.at + interval '24 hours',
    CASE WHEN g %% 3 = 0 THEN LEAST(now(), t.at + (g %% 48) * interval '1 hour') END
FROM generate_series(1::bigint, %(n)s) AS g
CROSS JOIN LATERAL (SELECT now() - ((g * 7919) %% 525600) * interval '1 minute' AS at) AS t
JOIN bench_mg mg ON mg.rn = (g * 104729) %% %(micro_grids)s
JOIN bench_cat cat ON cat.rn = g %% %(categories)s
"""

FIXES_SQL = """
INSERT INTO tracking_position (device_id, user_id, time, received_at, geom, flags, micro_grid_id, grid_id,
    location_code, source)
SELECT dev.id, dev.user_id, now() - (g / %(devices)s) * (%(step)s * interval '1 second'), now(), mg.p, 0, mg.id,
    mg.grid_id, mg.code, 'bench'
FROM generate_series(0::bigint, %(n)s - 1) AS g
JOIN bench_dev dev ON dev.rn = g %% %(devices)s
JOIN bench_mg mg ON mg.rn = (g * 7919) %% %(micro_grids)s
"""


class Rollback(Exception):
    pass


def _run(args) -> dict:
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from accounts.models import User
    from events.models import Category, Event
    from events.stats import event_stats
    from geo.jurisdiction import Jurisdiction
    from grids.models import MicroGrid
    from screens.services import refresh
    from tracking.models import Device
    from tracking.partitions import ensure_partitions
    from tracking.reports import street_report

    ensure_partitions()
    user = User.objects.get(username="district")
    jurisdiction = Jurisdiction.for_user(user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    out = {}
    try:
        with transaction.atomic():
            devices, micro_grids = Device.objects.count(), MicroGrid.objects.count()
            categories = Category.objects.filter(parent__isnull=False).count()
            per_device = max(1, args.fixes // max(1, devices))
            fixes = {"n": args.fixes, "step": 2400 / per_device, "devices": devices, "micro_grids": micro_grids}
            events = {"n": args.events, "micro_grids": micro_grids, "categories": categories}
            with connection.cursor() as cursor:
                cursor.execute(LOOKUPS_SQL)
                _, out["events_s"] = common.timed(cursor.execute, EVENTS_SQL, events)
                _, out["fixes_s"] = common.timed(cursor.execute, FIXES_SQL, fixes)
                cursor.execute("ANALYZE events_event")
                cursor.execute("ANALYZE tracking_position")
            out["events_total"] = Event.objects.count()
            result, out["refresh_s"] = common.timed(refresh, timezone.now())
            out["refresh"] = result

            def screen(name):
                def get():
                    response = client.get(f"/api/v1/screens/{name}")
                    assert response.status_code == 200, response.content[:200]

                return get

            for name in ("warning", "governance", "base", "risks", "city", "militia", "assessment"):
                screen(name)()  # warm: imports, caches
            out["warning"] = common.p95_p50_ms(screen("warning"), args.requests)
            out["warning_direct"] = common.p95_p50_ms(lambda: event_stats(jurisdiction), max(5, args.requests // 10))
            out["governance"] = common.p95_p50_ms(screen("governance"), args.requests)
            out["governance_direct"] = common.p95_p50_ms(
                lambda: street_report(jurisdiction, timezone.localdate()), max(3, args.requests // 50)
            )
            out["all"] = {
                n: common.p95_p50_ms(screen(n), max(10, args.requests // 10))[0]
                for n in ("base", "risks", "city", "militia", "assessment")
            }
            raise Rollback
    except Rollback:
        pass
    return out


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/screens.py")
    parser.add_argument("--fixes", type=int, default=2_000_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    r = _run(args)
    n_events, n_fixes = common.fmt_int(args.events), common.fmt_int(args.fixes)
    print(f"data: {n_events} events in {r['events_s']:.1f} s, {n_fixes} fixes in {r['fixes_s']:.1f} s")
    print(f"refresh (2 days, state now, hot spots): {r['refresh_s']:.2f} s  {r['refresh']}")
    rows = [
        ["summary refresh", f"{r['refresh_s']:.2f} s", "goal 30 s", common.fmt_ratio(30 / r["refresh_s"])],
        [
            "event-warning screen p95",
            f"{r['warning'][0]:.1f} ms",
            f"{r['warning_direct'][0]:.1f} ms direct (event_stats)",
            common.fmt_ratio(r["warning_direct"][0] / r["warning"][0]),
        ],
        [
            "governance screen p95",
            f"{r['governance'][0]:.1f} ms",
            f"{r['governance_direct'][0]:.1f} ms direct (street_report)",
            common.fmt_ratio(r["governance_direct"][0] / r["governance"][0]),
        ],
    ]
    print(common.text_table(["method", "figure", "baseline", "ratio"], rows))
    print("other screens p95 (ms): " + ", ".join(f"{k} {v:.1f}" for k, v in r["all"].items()))
    return {
        "summary": [{"method": a, "figure": b, "baseline": c, "ratio": d} for a, b, c, d in rows],
        "details": r,
    }


if __name__ == "__main__":
    main()
