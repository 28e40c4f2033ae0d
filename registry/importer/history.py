"""History for rows written with COPY, in one statement per table instead of one trigger call per row.

pghistory records inserts with a row-level trigger that also attaches the context (who, what)
row by row; for a 100,000-row import that was most of the time spent. Here the insert triggers of
the copied tables are told to skip (pgtrigger's `pgtrigger.ignore` setting, local to the
transaction) while the COPY runs, and the same history rows — same columns, the same context,
label "insert" — are then written with one INSERT … SELECT per table."""

from contextlib import contextmanager

from django.apps import apps

__all__ = ["bulk_history"]


def _insert_triggers(cursor, tables: list[str]) -> list[str]:
    cursor.execute(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'pgtrigger_insert_insert_%%'"
        " AND tgrelid::regclass::text = ANY(%s)",
        [tables],
    )
    return [row[0] for row in cursor.fetchall()]


def _history_sql(model) -> str:
    history = apps.get_model(model._meta.app_label, f"{model.__name__}History")
    columns = [f.column for f in history._meta.concrete_fields if not f.name.startswith("pgh_")]
    listed = ", ".join(f'"{c}"' for c in columns)  # column names from the models, not input
    return (
        f'INSERT INTO "{history._meta.db_table}" ({listed}, pgh_context_id, pgh_created_at, pgh_label, pgh_obj_id) '
        f"SELECT {listed}, %s, now(), 'insert', id FROM \"{model._meta.db_table}\" WHERE id = ANY(%s)"
    )


def _context_id(cursor):
    """The id of the current pghistory.context, its row stored as the triggers would store it."""
    import json

    from pghistory import config, runtime

    current = getattr(runtime._tracker, "value", None)
    if current is None:
        return None
    cursor.execute(
        "INSERT INTO pghistory_context (id, metadata, created_at, updated_at) VALUES (%s, %s, now(), now())"
        " ON CONFLICT (id) DO UPDATE SET metadata = EXCLUDED.metadata, updated_at = EXCLUDED.updated_at",
        [current.id, json.dumps(current.metadata, cls=config.json_encoder())],
    )
    return current.id


@contextmanager
def bulk_history(cursor, models: list):
    """Inside a pghistory.context in a transaction: `with bulk_history(cursor, [Person]) as written:`
    COPY rows, `written[Person] += ids`; on leaving, their insert history is written in bulk."""
    tables = [m._meta.db_table for m in models]
    triggers = _insert_triggers(cursor, tables)
    cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(triggers) + "}"])
    written = {m: [] for m in models}
    try:
        yield written
    finally:
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
    context = _context_id(cursor)
    for model, ids in written.items():
        if ids:
            cursor.execute(_history_sql(model), [context, list(ids)])
