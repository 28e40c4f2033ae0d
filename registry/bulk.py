"""Bulk writes with COPY (the demo loader and the importer): ids reserved from a table's identity
sequence up front, so copied rows can reference each other without a round trip per row."""

__all__ = ["reserve_ids", "copy_rows"]


def reserve_ids(cursor, table: str, n: int) -> int:
    """The first of `n` consecutive ids taken from the table's sequence."""
    cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
    start = cursor.fetchone()[0]
    cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table, start + max(n, 1) - 1])
    return start


def copy_rows(cursor, statement: str, rows):
    """`statement` is a COPY … FROM STDIN written by the caller (table and column names, no input)."""
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
