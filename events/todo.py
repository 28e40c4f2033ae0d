"""Per-user to-do counts (the red dots): events the user is expected to act on, and unread reminders.

An event is on a user's list when they are its handler, or when it waits, without a handler, at the
centre they staff: the street centre for a street operator in that street, the district centre
for a command operator, a department for its staff."""

from django.db.models import Count, F, Q

from accounts.models import Role
from events.models import Event, Reminder
from events.services.actions import actor_covers
from events.workflow import Action, Level, denial, next_status

__all__ = ["assigned", "todo_counts", "todo_events", "steps"]

# The steps a to-do list offers, in the order a phone shows them; the server decides again on each.
TODO_STEPS = (Action.ACCEPT, Action.START, Action.RESOLVE, Action.SELF_HANDLE, Action.ESCALATE, Action.RETURN)
TODO_LIMIT = 200


def _queue(user) -> Q:
    waiting = Q(handler__isnull=True)
    if user.role == Role.STREET_OPERATOR:
        return waiting & Q(level=Level.STREET) & user.jurisdiction.q("location_code")
    if user.role == Role.COMMAND_OPERATOR:
        return waiting & Q(level=Level.DISTRICT) & user.jurisdiction.q("location_code")
    if user.role == Role.DEPARTMENT_STAFF:
        return waiting & Q(level=Level.DEPARTMENT, department__members__user=user)
    return Q(pk__in=[])


def assigned(user):
    """Open events waiting for `user`."""
    return Event.objects.open().filter(Q(handler=user) | _queue(user)).distinct()


def todo_counts(user) -> dict:
    # Aggregate names may not shadow the model's fields (overdue, due_soon, supervised).
    counts = Event.objects.filter(pk__in=assigned(user).values("pk")).aggregate(
        n_assigned=Count("pk"),
        n_overdue=Count("pk", filter=Q(overdue=True)),
        n_due_soon=Count("pk", filter=Q(due_soon=True, overdue=False)),
        n_supervised=Count("pk", filter=Q(supervised=True)),
    )
    counts = {key[2:]: value for key, value in counts.items()}
    counts["reminders"] = Reminder.objects.filter(user=user, read=False).count()
    return counts


def steps(user, event) -> list[str]:
    """The to-do steps `user` may take on `event` now: allowed for their role, jurisdiction and the
    event's level, and fitting its status."""
    covers = actor_covers(user, event)
    allowed = []
    for action in TODO_STEPS:
        try:
            next_status(action, event.status)
        except ValueError:
            continue
        reason = denial(
            user.role,
            action,
            level=event.level,
            is_handler=event.handler_id == user.pk,
            covers=covers,
            is_reporter=event.reporter_id == user.pk,
            is_superuser=user.is_superuser,
        )
        if reason is None:
            allowed.append(action.value)
    return allowed


def todo_events(user) -> list[Event]:
    """The open events waiting for `user`, overdue first, then by deadline; each with `.steps`."""
    events = list(
        Event.objects.filter(pk__in=assigned(user).values("pk"))
        .select_related("category")
        .order_by("-overdue", "-supervised", F("due_at").asc(nulls_last=True), "id")[:TODO_LIMIT]
    )
    for event in events:
        event.steps = steps(user, event)
    return events
