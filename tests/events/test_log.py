"""The action log and the status history are kept by the database: rows can be added, never
changed or removed, whatever path tries (ORM, raw SQL)."""

import pytest
from django.db import DatabaseError, connection, transaction

from events.models import EventAction, EventHistory
from events.services import perform

pytestmark = pytest.mark.django_db


def _refused(fn):
    with pytest.raises(DatabaseError, match="Cannot"), transaction.atomic():
        fn()


def test_the_action_log_cannot_be_updated_or_deleted(site, new_event):
    event = new_event()
    entry = EventAction.objects.get(event=event)

    _refused(lambda: EventAction.objects.filter(pk=entry.pk).update(note="改过"))
    _refused(
        lambda: connection.cursor().execute(
            "UPDATE events_eventaction SET to_status = 'closed' WHERE id = %s", [entry.pk]
        )
    )
    _refused(lambda: EventAction.objects.filter(pk=entry.pk).delete())
    _refused(lambda: connection.cursor().execute("DELETE FROM events_eventaction WHERE event_id = %s", [event.pk]))

    assert EventAction.objects.get(pk=entry.pk).to_status == "reported"


def test_status_and_handler_changes_are_kept_in_an_append_only_history(site, new_event):
    event = new_event()
    perform(event, site.worker, "escalate", version=1)

    history = list(
        EventHistory.objects.filter(pgh_obj=event).order_by("pgh_id").values_list("status", "level", "handler_id")
    )

    assert history == [("reported", "grid", site.worker.pk), ("escalated", "grid_leader", site.leader.pk)]
    _refused(lambda: EventHistory.objects.filter(pgh_obj=event).update(status="closed"))
    _refused(lambda: EventHistory.objects.filter(pgh_obj=event).delete())
