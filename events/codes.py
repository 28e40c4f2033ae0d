"""Event codes: SJ + the local date + a number from a database sequence (SJ20261125-000123).
The sequence never hands out a number twice and takes no lock, so concurrent intake never waits."""

from datetime import datetime

from django.db import connection
from django.utils import timezone

__all__ = ["next_code"]


def next_code(now: datetime) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('events_event_code_seq')")
        (number,) = cursor.fetchone()
    return f"SJ{timezone.localdate(now):%Y%m%d}-{number:06d}"
