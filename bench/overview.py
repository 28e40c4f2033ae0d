"""The operators' overview (GET /api/v1/overview): its figures computed (events.overview.
compute_overview: grouped ORM aggregates and the alert lists) and read from the cache, against the
raw SQL aggregates of the same figures (tests/events/overview_support.py, the SQL the tests check
against), for the district and for one street, in one run.

    .venv/bin/python bench/run.py overview [--requests 200]

Runs on the database's demo district as it is (nothing is written). Requests go through Django's
test client in-process with the cache cleared before each (computed) or kept (cached); the
baseline runs the three hand-written SQL statements (events, on duty per street, outside/silent).
"""

import argparse

from bench import common

__all__ = ["main"]


def _measure(username: str, prefix: str, n: int) -> dict:
    from django.test import Client

    from accounts.models import User
    from events import overview
    from tests.events.overview_support import expected_duty, expected_events, expected_streets

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=username))

    def computed():
        overview.overview_changed()  # every cached figure stale: the request computes them
        response = client.get("/api/v1/overview")
        assert response.status_code == 200, response.content[:200]

    def cached():
        response = client.get("/api/v1/overview")
        assert response.status_code == 200, response.content[:200]

    def raw():
        expected_events(prefix)
        expected_streets(prefix)
        expected_duty(prefix)

    computed()  # warm: imports, connections, plans
    raw()
    return {
        "computed": common.p95_p50_ms(computed, n),
        "cached": common.p95_p50_ms(cached, n),
        "raw": common.p95_p50_ms(raw, n),
    }


def _run(args) -> dict:
    return {
        username: _measure(username, prefix, args.requests)
        for username, prefix in (("district", "320411"), ("street001", "320411001"))
    }


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(prog="bench/overview.py")
    parser.add_argument("--requests", type=int, default=200)
    args, _ = parser.parse_known_args(argv)
    common.setup_django()
    r = _run(args)
    rows = []
    for who, label in (("district", "district"), ("street001", "one street")):
        f = r[who]
        raw_p95 = f["raw"][0]
        rows.append(
            [
                f"overview, {label}, computed (cache dropped) p95",
                f"{f['computed'][0]:.1f} ms (p50 {f['computed'][1]:.1f})",
                f"raw SQL aggregates p95 {raw_p95:.1f} ms",
                common.fmt_ratio(raw_p95 / f["computed"][0]),
            ]
        )
        rows.append(
            [
                f"overview, {label}, cached p95",
                f"{f['cached'][0]:.1f} ms (p50 {f['cached'][1]:.1f})",
                f"raw SQL aggregates p95 {raw_p95:.1f} ms",
                common.fmt_ratio(raw_p95 / f["cached"][0]),
            ]
        )
    print(common.text_table(["method", "figure", "baseline", "ratio"], rows))
    return {"summary": [{"method": a, "figure": b, "baseline": c, "ratio": d} for a, b, c, d in rows], "details": r}


if __name__ == "__main__":
    main()
