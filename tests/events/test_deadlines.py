"""Deadlines and supervision: the periodic job (called directly with a fixed time) flags overdue
and due-soon events and reminds street leaders of week-old events; leaders supervise events and
the handler sees the flag and a reminder; the to-do counts follow."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, EventAction, Reminder
from events.services import perform
from events.tasks import scan_event_deadlines

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)


def run_job(now=NOW):
    return scan_event_deadlines(int(now.timestamp()))


def test_the_job_flags_overdue_and_due_soon_events_once(site, new_event, api_as):
    # given neighbour disputes (72 h to handle) reported 80 h, 71 h and 1 h ago, and one closed late
    late = new_event(title="超期", now=NOW - timedelta(hours=80))
    soon = new_event(title="将到期", now=NOW - timedelta(hours=71))
    fresh = new_event(title="新", now=NOW - timedelta(hours=1))
    done = new_event(title="已办", now=NOW - timedelta(hours=80))
    perform(done, site.worker, "self_handle", version=1, now=NOW - timedelta(hours=79))

    # when the job runs
    result = run_job()

    # then only the open late event is overdue, logged by the system, and its handler is reminded
    assert result == {"overdue": 1, "due_soon": 1, "stale_reminders": 0}
    flags = {e.pk: (e.overdue, e.due_soon) for e in Event.objects.filter(pk__in=[late.pk, soon.pk, fresh.pk, done.pk])}
    assert flags == {late.pk: (True, False), soon.pk: (False, True), fresh.pk: (False, False), done.pk: (False, False)}
    entry = EventAction.objects.filter(event=late).last()
    assert (entry.action, entry.actor_id, entry.actor_name, entry.to_status) == ("overdue", None, "系统", "reported")
    assert Reminder.objects.filter(user=site.worker, event=late, kind="overdue").exists()
    assert Event.objects.get(pk=late.pk).version == 1  # flags are not workflow steps
    assert api_as(site.worker.username).get("/api/v1/todo").json() == {
        "assigned": 3,
        "overdue": 1,
        "due_soon": 1,
        "supervised": 0,
        "reminders": 1,
    }
    overdue_list = api_as(site.street_op.username).get("/api/v1/events?overdue=true").json()
    assert [f["id"] for f in overdue_list["features"]] == [late.pk]
    # and a second run flags nothing again
    assert run_job(NOW + timedelta(minutes=5)) == {"overdue": 0, "due_soon": 0, "stale_reminders": 0}


def test_events_open_over_seven_days_remind_their_streets_leaders_once(site, other_site, new_event, make_user):
    leader = make_user("jiedao_leader", "leader", site.street_code)
    other_leader = make_user("other_leader", "leader", other_site.street_code)
    district_leader = make_user("qu_leader", "leader", "320411000000")
    stale = new_event(now=NOW - timedelta(days=8))
    new_event(now=NOW - timedelta(days=6))

    assert run_job()["stale_reminders"] == 2
    assert run_job()["stale_reminders"] == 0

    reminded = set(Reminder.objects.filter(kind="stale").values_list("user_id", "event_id"))
    assert reminded == {(leader.pk, stale.pk), (site.street_op.pk, stale.pk)}
    assert not Reminder.objects.filter(user__in=[other_leader, district_leader]).exists()


def test_a_leader_supervises_an_event_and_its_handler_sees_it(site, new_event, api_as, make_user):
    make_user("jiedao_leader", "leader", site.street_code)
    event = new_event()

    r = api_as("jiedao_leader").post(
        f"/api/v1/events/{event.pk}/actions", {"action": "supervise", "version": 1, "note": "请尽快办理"}, format="json"
    )

    assert r.status_code == 200 and r.json()["properties"]["supervised"] is True
    worker = api_as(site.worker.username)
    assert worker.get(f"/api/v1/events/{event.pk}").json()["properties"]["supervised"] is True
    assert worker.get("/api/v1/todo").json() == {
        "assigned": 1,
        "overdue": 0,
        "due_soon": 0,
        "supervised": 1,
        "reminders": 1,
    }
    reminders = worker.get("/api/v1/reminders?unread=true").json()
    assert [(x["kind"], x["event_code"]) for x in reminders] == [("supervised", event.code)]
    assert worker.post(f"/api/v1/reminders/{reminders[0]['id']}/read").json()["read"] is True
    assert worker.get("/api/v1/todo").json()["reminders"] == 0
    assert api_as(site.street_op.username).get("/api/v1/events?supervised=true").json()["features"][0]["id"] == event.pk
