"""The optional demo events (`load_demo --with events`): a month of events inside the demo grids,
reported through the intake and taken through the workflow — several statuses, some overdue and
supervised, every one located and routed — loaded once however often the step runs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import demo
from events.models import Event
from events.workflow import OPEN

pytestmark = pytest.mark.slow


def test_the_demo_events_are_plausible_and_load_once(db):
    demo.load(None)
    events = Event.objects.filter(external_id__startswith=demo.PREFIX)
    assert events.count() == demo.DEMO_EVENTS
    demo.load(None)  # idempotent
    assert events.count() == demo.DEMO_EVENTS

    assert not events.filter(grid__isnull=True).exists()  # all inside grids
    assert not events.filter(handler__isnull=True, department__isnull=True).exists()  # all routed
    assert events.filter(created_at__lt=timezone.now() - timedelta(days=20)).exists()
    assert not events.filter(created_at__lt=timezone.now() - timedelta(days=31)).exists()
    statuses = set(events.values_list("status", flat=True))
    assert {"closed", "self_handled", "accepted", "in_progress", "reported"} <= statuses
    assert events.filter(status__in=OPEN, overdue=True).count() >= 5
    assert events.filter(supervised=True).exists()
    assert len(set(events.values_list("category__risk_kind", flat=True))) >= 8
    assert len(set(events.values_list("source", flat=True))) == 4
    demo.delete()  # the photo files too


def test_the_demo_events_go_with_delete(db):
    demo.load(None)
    demo.delete()
    assert not Event.objects.filter(external_id__startswith=demo.PREFIX).exists()
