"""Deadlines and supervision reminders, run by the periodic job (events.tasks) with a given `now`.

- overdue: open events past `due_at` are flagged once, logged (action `overdue`, actor 系统), their
  handler gets an `overdue` reminder and the map hears of it;
- due soon: open events due within conf.DUE_SOON_HOURS are flagged `due_soon`;
- stale: events open longer than conf.STALE_DAYS remind the leaders of their street (users with
  role leader or street_operator whose jurisdiction is that street), once per user and event.
Flags are not workflow state: they do not bump `version`, so an operator's pending step stays valid."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from accounts.models import Role
from events import conf
from events.live import publish_event
from events.models import Event, Reminder, ReminderKind
from events.services.log import append_action
from events.workflow import Action

__all__ = ["scan_deadlines", "flag_overdue", "flag_due_soon", "remind_stale", "STREET_LEADER_ROLES"]

STREET_LEADER_ROLES = (Role.LEADER, Role.STREET_OPERATOR)


def scan_deadlines(now: datetime) -> dict:
    with transaction.atomic():
        return {"overdue": flag_overdue(now), "due_soon": flag_due_soon(now), "stale_reminders": remind_stale(now)}


def flag_overdue(now: datetime) -> int:
    events = list(
        Event.objects.open()
        .filter(due_at__lt=now, overdue=False)
        .select_related("category")
        .select_for_update(of=("self",), skip_locked=True)
    )
    if not events:
        return 0
    Event.objects.filter(pk__in=[e.pk for e in events]).update(overdue=True, due_soon=False)
    for event in events:
        event.overdue, event.due_soon = True, False
        append_action(
            event,
            None,
            Action.OVERDUE,
            from_status=event.status,
            from_level=event.level,
            time=now,
            note=f"已超过处置期限 {event.due_at:%Y-%m-%d %H:%M}",
        )
        publish_event(event, Action.OVERDUE)
    Reminder.objects.bulk_create(
        [
            Reminder(user_id=e.handler_id, event=e, kind=ReminderKind.OVERDUE, created_at=now)
            for e in events
            if e.handler_id
        ],
        ignore_conflicts=True,
    )
    return len(events)


def flag_due_soon(now: datetime) -> int:
    soon = now + timedelta(hours=conf.DUE_SOON_HOURS)
    return (
        Event.objects.open()
        .filter(overdue=False, due_soon=False, due_at__gte=now, due_at__lte=soon)
        .update(due_soon=True)
    )


def remind_stale(now: datetime) -> int:
    """Reminders created (existing ones are not repeated)."""
    stale = list(
        Event.objects.open()
        .filter(created_at__lt=now - timedelta(days=conf.STALE_DAYS), street__isnull=False)
        .values_list("id", "street__code")
    )
    if not stale:
        return 0
    streets = {code for _, code in stale}
    leaders: dict[str, list[int]] = {}
    for user_id, code in (
        get_user_model()
        .objects.filter(is_active=True, role__in=STREET_LEADER_ROLES, jurisdiction_code__in=streets)
        .values_list("id", "jurisdiction_code")
    ):
        leaders.setdefault(code, []).append(user_id)
    wanted = {(user_id, event_id) for event_id, code in stale for user_id in leaders.get(code, ())}
    if not wanted:
        return 0
    have = set(
        Reminder.objects.filter(kind=ReminderKind.STALE, event_id__in=[e for e, _ in stale])
        .filter(Q(user_id__in={u for u, _ in wanted}))
        .values_list("user_id", "event_id")
    )
    new = wanted - have
    Reminder.objects.bulk_create(
        [Reminder(user_id=u, event_id=e, kind=ReminderKind.STALE, created_at=now) for u, e in new],
        ignore_conflicts=True,
    )
    return len(new)
