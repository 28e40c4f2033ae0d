"""Prometheus metrics: the metric objects and the small functions the hot paths call.

Counters and histograms live in the process that observes them. When `PROMETHEUS_MULTIPROC_DIR`
is set (scripts/serve.sh sets it: one server process per core plus the job worker) each process
writes its values to files there and a scrape of any process adds them up (prometheus-client's
multiprocess mode); without it, one process reports its own. Gauges that describe the database
(job queue, overdue events, replica lag) are measured at scrape time by the functions registered
with `register_scrape_gauge`, so apps add theirs without this module importing them.
"""

import atexit
import logging
import os
from collections.abc import Callable, Iterable

from django.db.backends.postgresql.base import DatabaseWrapper

# prometheus-client switches to multiprocess mode when the variable exists, even empty (it would
# then write its files into the working directory): empty means unset.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR") == "":
    del os.environ["PROMETHEUS_MULTIPROC_DIR"]

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

__all__ = [
    "observe_request",
    "fixes_ingested",
    "fixes_rejected",
    "write_batch",
    "websocket_opened",
    "websocket_closed",
    "frame_sent",
    "job_finished",
    "update_pools",
    "register_scrape_gauge",
    "render",
    "CONTENT_TYPE",
]

log = logging.getLogger(__name__)
CONTENT_TYPE = CONTENT_TYPE_LATEST
# Seconds: the hot paths answer in milliseconds; reports and imports may take seconds.
LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

REQUESTS = Counter("wangge_http_requests", "HTTP requests answered by Django", ["route", "method", "status"])
LATENCY = Histogram(
    "wangge_http_request_duration_seconds", "Time to answer, by route", ["route"], buckets=LATENCY_BUCKETS
)
FIXES = Counter("wangge_fixes_ingested", "Fixes stored", ["source"])
DUPLICATES = Counter("wangge_fixes_duplicate", "Fixes already stored (same device and time), skipped", ["source"])
REJECTED = Counter("wangge_fixes_rejected", "Fixes refused, by the field at fault", ["source", "field"])
BATCH = Histogram(
    "wangge_ingest_write_batch_fixes",
    "Fixes per write statement (the group-commit batch size)",
    buckets=(1, 2, 5, 10, 50, 100, 500, 1000, 5000, 10000, 50000),
)
SOCKETS = Gauge("wangge_websocket_connections", "Open live-map sockets", multiprocess_mode="livesum")
FRAMES = Counter("wangge_websocket_frames_sent", "Frames sent to live-map sockets", ["type"])
JOBS = Counter("wangge_jobs", "Jobs run by the worker", ["task", "outcome"])
JOB_SECONDS = Histogram("wangge_job_duration_seconds", "Job run time", ["task"], buckets=LATENCY_BUCKETS)
POOL = Gauge(
    "wangge_db_pool_connections",
    "Database connections of the processes' pools: size (open), available (idle), waiting (requests queued)",
    ["alias", "state"],
    multiprocess_mode="livesum",
)


# `labels()` is most of an observation's cost (profiled: ~70 %): the children are kept per label
# values, a set bounded by the routes, methods, statuses and sources there are.
_request_children: dict[tuple, tuple] = {}
_source_children: dict[str, tuple] = {}


def observe_request(route: str, method: str, status: int, seconds: float):
    children = _request_children.get((route, method, status))
    if children is None:
        children = (REQUESTS.labels(route, method, str(status)), LATENCY.labels(route))
        _request_children[(route, method, status)] = children
    children[0].inc()
    children[1].observe(seconds)


def fixes_ingested(source: str, accepted: int, duplicate: int = 0):
    children = _source_children.get(source)
    if children is None:
        children = _source_children[source] = (FIXES.labels(source), DUPLICATES.labels(source))
    if accepted:
        children[0].inc(accepted)
    if duplicate:
        children[1].inc(duplicate)


def fixes_rejected(source: str, fields: Iterable[str | None]):
    for field in fields:
        REJECTED.labels(source, field or "fix").inc()


def write_batch(fixes: int):
    """One write statement (one commit) stored `fixes` fixes."""
    BATCH.observe(fixes)


def websocket_opened():
    SOCKETS.inc()


def websocket_closed():
    SOCKETS.dec()


def frame_sent(kind: str):
    FRAMES.labels(kind or "unknown").inc()


def job_finished(task: str, outcome: str, seconds: float):
    JOBS.labels(task, outcome).inc()
    JOB_SECONDS.labels(task).observe(seconds)


def update_pools():
    """Record this process's connection pools (called after each request: cheap, no query)."""
    for alias, pool in list(DatabaseWrapper._connection_pools.items()):
        stats = pool.get_stats()
        POOL.labels(alias, "size").set(stats.get("pool_size", 0))
        POOL.labels(alias, "available").set(stats.get("pool_available", 0))
        POOL.labels(alias, "waiting").set(stats.get("requests_waiting", 0))


# --- gauges measured at scrape time ---------------------------------------------------------------

_scrape_gauges: dict[str, tuple[str, tuple[str, ...], Callable[[], Iterable[tuple[tuple, float]]]]] = {}


def register_scrape_gauge(name: str, documentation: str, labelnames: Iterable[str], measure: Callable):
    """`measure()` returns (label values, value) pairs; it runs on each scrape, in the scraped process."""
    _scrape_gauges[name] = (documentation, tuple(labelnames), measure)


class _ScrapeCollector:
    def collect(self):
        for name, (documentation, labelnames, measure) in _scrape_gauges.items():
            family = GaugeMetricFamily(name, documentation, labels=labelnames)
            try:
                for labels, value in measure():
                    family.add_metric([str(v) for v in labels], float(value))
            except Exception:  # one failing measurement (database down) must not hide the others
                log.warning("metric %s could not be measured", name, exc_info=True)
                continue
            yield family


class _ThisProcess:
    def collect(self):
        yield from REGISTRY.collect()


def multiprocess_dir() -> str | None:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return path if path and os.path.isdir(path) else None


def render() -> bytes:
    """The Prometheus text exposition of every process's metrics and the scrape-time gauges."""
    registry = CollectorRegistry(auto_describe=False)
    if multiprocess_dir():
        prometheus_multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(_ScrapeCollector())
    return generate_latest(registry)


def on_process_start():
    """Called once per process (app ready): a process that exits drops its live gauges' files."""
    path = multiprocess_dir()
    if path:
        pid = os.getpid()
        atexit.register(prometheus_multiprocess.mark_process_dead, pid, path)
