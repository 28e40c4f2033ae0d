"""Operations settings, read once (each set in config/settings.py from the environment)."""

from pathlib import Path

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


BACKUP_DIR = Path(_get("BACKUP_DIR", settings.BASE_DIR / "var" / "backups"))
BACKUP_KEEP_DAYS = _get("BACKUP_KEEP_DAYS", 14)  # older backups are deleted after each new one
METRICS_TOKEN = _get("METRICS_TOKEN", "")  # `Authorization: Bearer <token>` may scrape /metrics
METRICS_ALLOWED_NETWORKS = _get("METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])  # … and so may these
WORKER_HEARTBEAT_MAX_AGE = _get("WORKER_HEARTBEAT_MAX_AGE", 60)  # seconds; procrastinate beats every 10 s
REPLICA_MAX_LAG_SECONDS = _get("REPLICA_MAX_LAG_SECONDS", 10.0)  # a replica further behind is not read from
REPLICA_CHECK_SECONDS = _get("REPLICA_CHECK_SECONDS", 5.0)  # how often a process re-measures the lag
REPLICA_PIN_SECONDS = _get("REPLICA_PIN_SECONDS", 5)  # after a write, that browser reads the primary this long
