"""Daily partitions of tracking_position: created ahead by a periodic job, dropped after retention.
Days are local days (TIME_ZONE, Asia/Shanghai), so a partition holds one working day."""

from datetime import date, datetime, timedelta

from django.db import connection, transaction
from psycopg import sql

from tracking import conf
from tracking.days import local_day_bounds, local_today

__all__ = ["partition_name", "ensure_partitions", "drop_expired_partitions", "existing_partitions"]

PARENT = "tracking_position"


def partition_name(day: date) -> str:
    return f"{PARENT}_{day:%Y%m%d}"


def existing_partitions() -> dict[date, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname FROM pg_inherits i
            JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = %s AND c.relname ~ '_[0-9]{8}$'""",
            [PARENT],
        )
        names = [r[0] for r in cursor.fetchall()]
    return {datetime.strptime(n[-8:], "%Y%m%d").date(): n for n in names}


@transaction.atomic
def create_partition(day: date):
    """Create one day's partition, first moving that day's rows out of the default partition
    (PostgreSQL refuses a new partition whose range the default partition already holds)."""
    start, end = local_day_bounds(day)
    name = sql.Identifier(partition_name(day))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE moved_fixes (LIKE tracking_position)")
        cursor.execute(
            "WITH m AS (DELETE FROM tracking_position_default WHERE time >= %s AND time < %s RETURNING *) "
            "INSERT INTO moved_fixes SELECT * FROM m",
            [start, end],
        )
        cursor.execute(
            sql.SQL("CREATE TABLE {} PARTITION OF {} FOR VALUES FROM (%s) TO (%s)")
            .format(name, sql.Identifier(PARENT))
            .as_string(cursor.connection),
            [start, end],
        )
        cursor.execute("INSERT INTO tracking_position SELECT * FROM moved_fixes")
        cursor.execute("DROP TABLE moved_fixes")


def ensure_partitions(today: date | None = None, ahead: int | None = None) -> list[str]:
    """Partitions from yesterday to `ahead` days after today; returns the names created."""
    today = today or local_today()
    ahead = conf.PARTITIONS_AHEAD_DAYS if ahead is None else ahead
    have = existing_partitions()
    created = []
    for offset in range(-1, ahead + 1):
        day = today + timedelta(days=offset)
        if day not in have:
            create_partition(day)
            created.append(partition_name(day))
    return created


def drop_expired_partitions(today: date | None = None, keep_days: int | None = None) -> list[str]:
    today = today or local_today()
    cutoff = today - timedelta(days=conf.RETENTION_DAYS if keep_days is None else keep_days)
    dropped = []
    with connection.cursor() as cursor:
        for day, name in sorted(existing_partitions().items()):
            if day < cutoff:
                cursor.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(name)).as_string(cursor.connection))
                dropped.append(name)
    return dropped
