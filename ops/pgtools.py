"""PostgreSQL's own client tools and plain connections for the operations commands (backup,
restore, the replica drill): which binary to run, its environment, a psycopg connection, and the
per-table facts a backup records and a restore checks."""

import glob
import os
import shutil
from pathlib import Path

import psycopg
from psycopg import sql

__all__ = ["pg_tool", "pg_env", "connect", "user_tables", "table_counts", "database_exists"]


def pg_tool(name: str) -> str:
    """The newest installed `name` (pg_dump, pg_restore, pg_basebackup…): a newer client reads an
    older server, never the reverse. Debian keeps each major's tools in /usr/lib/postgresql/<n>/bin."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return found[-1]
    on_path = shutil.which(name)
    if not on_path:
        raise FileNotFoundError(f"{name} not found: install postgresql-client")
    return on_path


def pg_env(settings_dict: dict, database: str | None = None) -> dict:
    """libpq environment variables for a Django database settings dict (the password never
    appears on a command line)."""
    env = {**os.environ}
    env.update(
        PGHOST=str(settings_dict.get("HOST") or "127.0.0.1"),
        PGPORT=str(settings_dict.get("PORT") or 5432),
        PGUSER=str(settings_dict.get("USER") or "postgres"),
        PGDATABASE=database or settings_dict["NAME"],
    )
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def connect(settings_dict: dict, database: str | None = None, **kwargs) -> psycopg.Connection:
    return psycopg.connect(
        host=settings_dict.get("HOST") or "127.0.0.1",
        port=settings_dict.get("PORT") or 5432,
        user=settings_dict.get("USER") or "postgres",
        password=settings_dict.get("PASSWORD") or None,
        dbname=database or settings_dict["NAME"],
        **kwargs,
    )


def database_exists(settings_dict: dict, name: str) -> bool:
    with connect(settings_dict, "postgres", autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


# Tables that hold rows: plain tables and leaf partitions (a partitioned parent holds none itself),
# outside the system schemas, and not members of an extension (PostGIS's spatial_ref_sys is
# re-created by CREATE EXTENSION, not restored from the dump).
_TABLES = """
SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%%'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
"""


def user_tables(conn: psycopg.Connection) -> list[tuple[str, str]]:
    return [tuple(row) for row in conn.execute(_TABLES).fetchall()]


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    """{"schema.table": rows} for every table with rows of its own (leaf partitions included)."""
    counts = {}
    for schema, table in user_tables(conn):
        query = sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
        counts[f"{schema}.{table}"] = conn.execute(query).fetchone()[0]
    return counts
