"""What request ids, metrics and the access-log check cost each Django request: the same request
(`GET /healthz`, the cheapest route) through Django's full middleware stack with and without
ops.middleware.RequestMiddleware, in-process, alternating blocks so both see the same machine load;
and the cost of one /metrics scrape.

    .venv/bin/python bench/run.py observability [--requests N] [--rounds R]
"""

import argparse
import time

try:
    from bench import common
except ImportError:  # run as a script: bench/observability.py
    import common

__all__ = ["main"]

OPS_MIDDLEWARE = "ops.middleware.RequestMiddleware"


def _parse(argv):
    parser = argparse.ArgumentParser(prog="bench observability", description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests per block (default 2,000)")
    parser.add_argument("--rounds", type=int, default=5, help="alternating blocks per stack (default 5)")
    return parser.parse_args(argv)


def _handler(middleware):
    from django.core.handlers.base import BaseHandler
    from django.test import override_settings

    with override_settings(MIDDLEWARE=middleware):
        handler = BaseHandler()
        handler.load_middleware()
    return handler


def _block(handler, request, n) -> float:
    start = time.perf_counter()
    for _ in range(n):
        response = handler.get_response(request)
        assert response.status_code == 200
    return (time.perf_counter() - start) / n


def main(argv=None) -> dict:
    args = _parse(argv or [])
    common.setup_django()
    from django.conf import settings
    from django.test import RequestFactory

    from ops import metrics

    with_ops = _handler(list(settings.MIDDLEWARE))
    without = _handler([m for m in settings.MIDDLEWARE if m != OPS_MIDDLEWARE])
    request = RequestFactory().get("/healthz", HTTP_HOST="127.0.0.1")
    for handler in (with_ops, without):  # warm both
        _block(handler, request, 200)
    ours, base = [], []
    for _ in range(args.rounds):
        ours.append(_block(with_ops, request, args.requests))
        base.append(_block(without, request, args.requests))
    ours_s, base_s = min(ours), min(base)
    scrape_s = min(common.timed(metrics.render)[1] for _ in range(20))
    added_us = (ours_s - base_s) * 1e6
    print(
        common.text_table(
            ["stack", "per request"],
            [
                ["Django middleware + ops.middleware", f"{ours_s * 1e6:.0f} µs"],
                ["Django middleware alone (baseline)", f"{base_s * 1e6:.0f} µs"],
                ["added by ops.middleware", f"{added_us:.1f} µs ({added_us / (base_s * 1e6):.1%})"],
                ["one /metrics render", f"{scrape_s * 1e3:.2f} ms"],
            ],
        )
    )
    return {
        "summary": [
            {
                "method": "`observability`: GET /healthz in-process through the middleware stack",
                "figure": f"{ours_s * 1e6:.0f} µs with request id + metrics + access-log check "
                f"(+{added_us:.0f} µs); /metrics render {scrape_s * 1e3:.1f} ms",
                "baseline": f"{base_s * 1e6:.0f} µs without ops.middleware",
                "ratio": common.fmt_ratio(base_s / ours_s),
            }
        ]
    }


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
