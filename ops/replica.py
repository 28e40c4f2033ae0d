"""Reads from a PostgreSQL streaming replica, for the read-only views that can take it.

Nothing goes to the replica unless code asks: a view (or job) opts in with `@reads_replica` or
`with replica_reads():`; inside it the ORM's reads (through `ReplicaRouter`) and raw SQL written
against `read_connection()` use the `replica` database when all of these hold:
- `DATABASE_REPLICA_URL` is set (settings add the `replica` alias);
- this request has not written (unsafe methods count as writing; so does any ORM write), and the
  client did not write in the last REPLICA_PIN_SECONDS (a cookie set by ops.middleware): a user
  sees their own writes;
- the replica answers and is at most REPLICA_MAX_LAG_SECONDS behind (measured by each process at
  most every REPLICA_CHECK_SECONDS); otherwise reads fall back to the primary.
Everything else — writes, users, sessions and tokens (even inside a scope), ingest, the workflow —
uses the primary.
Who opts in today: vector tiles and TileJSON, the heat API, coverage, the daily reports, and the
events statistics (see docs/scaling.md)."""

import functools
import logging
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from ops import conf, context

__all__ = [
    "REPLICA",
    "ReplicaRouter",
    "replica_reads",
    "reads_replica",
    "read_alias",
    "read_connection",
    "replica_configured",
    "replica_lag",
    "refresh",
]

log = logging.getLogger(__name__)
REPLICA = "replica"

# Who is asking is always read from the primary: a session or token created a moment ago may not
# have reached the replica yet.
PRIMARY_APPS = frozenset({"auth", "accounts", "sessions", "authtoken", "contenttypes", "admin"})

_allowed: ContextVar[bool] = ContextVar("wangge_replica_reads", default=False)
_health_lock = threading.Lock()
_health = {"checked": 0.0, "usable": False, "lag": None}

_LAG_SQL = """
SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL
            WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
            ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END
"""


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_lag() -> float | None:
    """Seconds the replica is behind (0 when it has replayed all it received); raises DatabaseError
    when it does not answer, None when the server is not in recovery (not a standby)."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(_LAG_SQL)
        lag = cursor.fetchone()[0]
    return None if lag is None else float(lag)


def refresh() -> bool:
    """Measure the replica now; True when reads may go there."""
    try:
        lag = replica_lag()
        usable = lag is not None and lag <= conf.REPLICA_MAX_LAG_SECONDS
    except DatabaseError:
        log.warning("replica does not answer; reading from the primary", exc_info=True)
        connections[REPLICA].close()
        lag, usable = None, False
    with _health_lock:
        _health.update(checked=time.monotonic(), usable=usable, lag=lag)
    return usable


def _usable() -> bool:
    with _health_lock:
        fresh = time.monotonic() - _health["checked"] < conf.REPLICA_CHECK_SECONDS
        usable = _health["usable"]
    return usable if fresh else refresh()


def read_alias() -> str:
    """Where a read inside a replica scope goes now (the primary outside one)."""
    if not _allowed.get() or not replica_configured():
        return DEFAULT_DB_ALIAS
    state = context.current()
    if state is not None and (state.wrote or state.pinned):
        return DEFAULT_DB_ALIAS
    return REPLICA if _usable() else DEFAULT_DB_ALIAS


def read_connection():
    """The connection raw read-only SQL should use (tiles, heat)."""
    return connections[read_alias()]


@contextmanager
def replica_reads():
    """Reads inside may go to the replica. Outside a request (a job, a command) the block gets a
    context of its own, so a write inside it still turns the following reads to the primary."""
    own = context.current() is None
    token = context.begin(context.RequestContext(id=context.new_id())) if own else None
    allowed = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(allowed)
        if own:
            context.end(token)


def reads_replica(view):
    """Decorator for a read-only view function or a view method (`get`)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapper


def mark_wrote():
    state = context.current()
    if state is not None:
        state.wrote = True


class ReplicaRouter:
    """Django database router: reads in a replica scope go where `read_alias` says; every write
    goes to the primary (also for rows that were read from the replica) and marks the request."""

    def db_for_read(self, model, **hints):
        if not _allowed.get() or model._meta.app_label in PRIMARY_APPS:
            return None
        return read_alias()

    def db_for_write(self, model, **hints):
        mark_wrote()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA
