"""Two operators acting on the same event at once: one wins, the other gets 409.

The race runs on committed rows with real connections: every database step of this test runs in a
thread of its own, and a thread has its own connection outside the test's transaction. The first
step holds its row lock uncommitted while the second has passed every check and waits on that
lock inside its UPDATE … WHERE version = 1; once the first commits, the second updates nothing and
is refused. The rows are removed afterwards (the log's append-only triggers are switched off for
that clean-up only)."""

import threading

import pgtrigger
import pytest
from django.db import connection, connections, transaction

from accounts.models import User
from events.errors import StaleVersion
from events.models import Event, EventAction, EventHistory, EventPhoto, Reminder
from events.services import perform, report_event
from grids.models import Grid, GridMember

pytestmark = pytest.mark.django_db


def in_thread(fn, *args):
    """Run `fn` on its own connection (autocommit: what it writes is committed) and return its result."""
    out = {}

    def run():
        try:
            out["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 (re-raised in the caller)
            out["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    if "error" in out:
        raise out["error"]
    return out["value"]


def _report():
    grid = Grid.objects.filter(code__startswith="320411003").order_by("code").first()
    worker = GridMember.objects.get(grid=grid, role="worker").user
    point = grid.micro_grids.order_by("code").first().geom.point_on_surface
    event = report_event(
        title="并发测试",
        description="",
        category="dispute.neighbour",
        lon=point.x,
        lat=point.y,
        crs="wgs84",
        source="worker",
        reporter=worker,
    )
    return event, worker, User.objects.get(username="street003")


def _remove(event_id):
    with pgtrigger.ignore("events.EventAction:append_only", "events.EventHistory:append_only"):
        EventAction.objects.filter(event_id=event_id).delete()
        EventHistory.objects.filter(pgh_obj_id=event_id).delete()
        Reminder.objects.filter(event_id=event_id).delete()
        EventPhoto.objects.filter(event_id=event_id).delete()
        Event.objects.filter(pk=event_id).delete()


def _stored(event_id):
    event = Event.objects.get(pk=event_id)
    return (
        event.status,
        event.version,
        list(EventAction.objects.filter(event_id=event_id).order_by("id").values_list("action", flat=True)),
    )


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query LIKE '%%UPDATE \"events_event\"%%'"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def committed_event():
    event, worker, street_op = in_thread(_report)
    yield event, worker, street_op
    in_thread(_remove, event.pk)
    assert not in_thread(lambda: Event.objects.filter(pk=event.pk).exists())


def test_of_two_concurrent_steps_on_one_version_exactly_one_wins(committed_event):
    event, worker, street_op = committed_event
    first_updated, release = threading.Event(), threading.Event()
    outcome = {}

    def first():  # the street operator rejects and keeps its transaction open until released
        try:
            with transaction.atomic():
                perform(event.pk, street_op, "reject", version=1, note="不属于受理范围")
                first_updated.set()
                release.wait(timeout=10)
            outcome["first"] = "committed"
        except Exception as exc:  # noqa: BLE001 (reported by the assertion below)
            outcome["first"] = repr(exc)
        finally:
            connections.close_all()

    def second():  # meanwhile the worker accepts the same version
        first_updated.wait(timeout=10)
        try:
            perform(event.pk, worker, "accept", version=1)
            outcome["second"] = "committed"
        except StaleVersion:
            outcome["second"] = "409"
        except Exception as exc:  # noqa: BLE001
            outcome["second"] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    try:
        first_updated.wait(timeout=10)
        waited = 0
        for _ in range(100):  # until the second step waits on the row lock inside its UPDATE
            if (waited := in_thread(_lock_waiters)) >= 1:
                break
            threading.Event().wait(0.05)
    finally:
        release.set()
        for t in threads:
            t.join(timeout=20)

    assert waited == 1, f"the second step never reached the row lock: {outcome}"
    assert outcome == {"first": "committed", "second": "409"}
    assert in_thread(_stored, event.pk) == ("rejected", 2, ["report", "reject"])
