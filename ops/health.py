"""Readiness: can this process serve? PostgreSQL answers, Redis answers (when the channel layer uses
it), and a job worker has beaten its heart recently (procrastinate's own `procrastinate_workers`
table, updated every 10 s by each running worker). Each check returns None or what is wrong."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection

from ops import conf

__all__ = ["checks", "readiness", "worker_heartbeat_age", "check_database", "check_redis", "check_worker"]

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2.0


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        log.warning("readiness: database", exc_info=True)
        return f"PostgreSQL 不可用 (unreachable): {exc.__class__.__name__}"
    return None


def check_redis() -> str | None:
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=TIMEOUT_SECONDS, socket_timeout=TIMEOUT_SECONDS
        )
        try:
            client.ping()
        finally:
            client.close()
    except redis.RedisError as exc:
        return f"Redis 不可用 (unreachable): {exc.__class__.__name__}"
    return None


def worker_heartbeat_age() -> float | None:
    """Seconds since the freshest worker heartbeat; None when no worker is registered."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXTRACT(EPOCH FROM now() - max(last_heartbeat)) FROM procrastinate_workers")
        age = cursor.fetchone()[0]
    return None if age is None else float(age)


def check_worker() -> str | None:
    try:
        age = worker_heartbeat_age()
    except DatabaseError:
        return "无法读取任务进程心跳 (cannot read the job worker's heartbeat)"
    if age is None:
        return "没有运行中的任务进程 (no job worker is running)"
    if age > conf.WORKER_HEARTBEAT_MAX_AGE:
        return f"任务进程心跳已停止 {age:.0f} 秒 (the job worker's last heartbeat is {age:.0f} s old)"
    return None


def checks() -> dict[str, Callable[[], str | None]]:
    """The parts to check, in order: Redis only when the channel layer uses it."""
    return {
        "database": check_database,
        **({"redis": check_redis} if settings.REDIS_URL else {}),
        "worker": check_worker,
    }


def readiness() -> dict[str, str]:
    """{part: "ok" | what is wrong}; the database is checked first, and a down database fails the
    worker check without another wait."""
    results = {}
    for name, check in checks().items():
        if name == "worker" and results.get("database") not in (None, "ok"):
            results[name] = "未检查：数据库不可用 (not checked: database down)"
            continue
        problem = check()
        results[name] = problem or "ok"
    return results
