"""Gauges measured at scrape time: the job queue (procrastinate's tables; no model of ours), the
workers' heartbeat and the read replica's lag."""

from django.db import connection

from ops.health import worker_heartbeat_age
from ops.metrics import register_scrape_gauge
from ops.replica import replica_configured, replica_lag

__all__ = ["register"]

_QUEUE = """
SELECT j.queue_name, count(*),
       COALESCE(EXTRACT(EPOCH FROM now() - min(COALESCE(j.scheduled_at, d.at))), 0)
FROM procrastinate_jobs j
LEFT JOIN LATERAL (
    SELECT min(e.at) AS at FROM procrastinate_events e WHERE e.job_id = j.id AND e.type = 'deferred'
) d ON true
WHERE j.status = 'todo' AND (j.scheduled_at IS NULL OR j.scheduled_at <= now())
GROUP BY j.queue_name
"""


def _queues() -> list[tuple[str, int, float]]:
    with connection.cursor() as cursor:
        cursor.execute(_QUEUE)
        return cursor.fetchall()


def _depth():
    return [((queue,), depth) for queue, depth, _ in _queues()]


def _lag():
    return [((queue,), lag) for queue, _, lag in _queues()]


def _heartbeat():
    age = worker_heartbeat_age()
    return [] if age is None else [((), age)]


def _replica():
    lag = replica_lag()
    return [] if lag is None else [((), lag)]


def register():
    register_scrape_gauge("wangge_job_queue_depth", "Jobs due and waiting for a worker", ["queue"], _depth)
    register_scrape_gauge("wangge_job_queue_lag_seconds", "How long the oldest due job has waited", ["queue"], _lag)
    register_scrape_gauge(
        "wangge_job_worker_heartbeat_age_seconds", "Seconds since the freshest worker heartbeat", [], _heartbeat
    )
    if replica_configured():
        register_scrape_gauge(
            "wangge_replica_lag_seconds", "How far the read replica is behind the primary", [], _replica
        )
