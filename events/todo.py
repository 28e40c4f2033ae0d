"""Per-user to-do counts (the red dots): events the user is expected to act on, and unread reminders.

An event is on a user's list when they are its handler, or when it waits, without a handler, at the
centre they staff: the street centre for a street operator in that street, the district centre
for a command operator, a department for its staff."""

from django.db.models import Count, Q

from accounts.models import Role
from events.models import Event, Reminder
from events.workflow import Level

__all__ = ["assigned", "todo_counts"]


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
