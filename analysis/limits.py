"""A time limit on every statement an analyst's query runs: PostgreSQL cancels it after
settings.ANALYSIS_STATEMENT_TIMEOUT_MS and the user gets a 400 asking for a narrower query."""

from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from psycopg import errors as pg_errors

from analysis import conf
from geo.errors import BadInput

__all__ = ["QueryTooBroad", "time_limited"]


class QueryTooBroad(BadInput):
    """The query ran past the time limit: a smaller area, a shorter window or more filters help."""


@contextmanager
def time_limited():
    """Runs the block in a transaction whose statements are cancelled after the time limit."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{conf.statement_timeout_ms()}ms"])
            yield
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
    except OperationalError as exc:
        if isinstance(exc.__cause__, pg_errors.QueryCanceled):
            seconds = conf.statement_timeout_ms() / 1000
            raise QueryTooBroad(
                f"查询范围过大，{seconds:g} 秒内未完成：请缩小区域、缩短时间或增加筛选条件 "
                f"(the query did not finish within {seconds:g} s: narrow the area, the time window or the filters)",
                field="query",
            ) from None
        raise
