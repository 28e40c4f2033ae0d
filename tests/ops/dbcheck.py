"""Helpers of the operations tests, independent of the code under test: a checksum of every table
and a clean-up that returns a database to the row counts it had."""

from psycopg import sql

_TABLES = """
SELECT n.nspname, c.relname,
       EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped
               AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype))
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname = 'public'
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
ORDER BY 1, 2
"""


def tables(conn):
    return [(schema, table, has_id) for schema, table, has_id in conn.execute(_TABLES).fetchall()]


def state(conn) -> dict[str, tuple[int, int | None]]:
    """{table: (rows, max(id) or None)}."""
    out = {}
    for schema, table, has_id in tables(conn):
        name = sql.Identifier(schema, table)
        query = sql.SQL("SELECT count(*), {} FROM {}").format(sql.SQL("max(id)" if has_id else "NULL"), name)
        out[table] = tuple(conn.execute(query).fetchone())
    return out


def checksums(conn) -> dict[str, tuple[int, str]]:
    """{table: (rows, md5 of the rows' text in sorted order)}."""
    out = {}
    for schema, table, _ in tables(conn):
        query = sql.SQL("SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t")
        out[table] = tuple(conn.execute(query.format(sql.Identifier(schema, table))).fetchone())
    return out


def restore_state(conn, before: dict):
    """Delete the rows added since `before` (rows with a larger id; every row of a table that was
    empty), with triggers and foreign-key checks off, then prove the counts are back."""
    conn.execute("SET session_replication_role = replica")
    for schema, table, has_id in tables(conn):
        rows, max_id = before.get(table, (0, None))
        name = sql.Identifier(schema, table)
        if rows == 0:
            conn.execute(sql.SQL("DELETE FROM {}").format(name))
        elif has_id:
            conn.execute(sql.SQL("DELETE FROM {} WHERE id > %s").format(name), [max_id])
    conn.execute("SET session_replication_role = DEFAULT")
    after = {table: counts[0] for table, counts in state(conn).items()}
    assert after == {table: before.get(table, (0, None))[0] for table in after}, "clean-up left rows behind"
