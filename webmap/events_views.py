"""The event screens (事项): list with filters and a map, detail with timeline and photos, the
dispatch dialog. The page only renders its frame and what the scripts need to know; the events
themselves come from the events API, which also cuts them to the user's jurisdiction."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from events.models import Priority, Source
from events.workflow import ACTS_AT, HANDLER_ACTIONS, ROLE_ACTIONS, TRANSITIONS, Action, Level, Status
from geo.labels import area_labels

__all__ = ["events_page", "events_config", "event_choices", "street_labels"]


def _choices(choices) -> list[dict]:
    return [{"value": value, "label": label} for value, label in choices]


def _workflow(user) -> dict:
    """What the user's role may do, so the page offers only the buttons that can work. The server
    still decides (jurisdiction, concurrent changes); a refused step shows its message."""
    everything = user.is_superuser
    return {
        "transitions": {action: sorted(sources) for action, (sources, _) in TRANSITIONS.items()},
        "roleActions": sorted(Action.values if everything else ROLE_ACTIONS.get(user.role, ())),
        "actsAt": sorted(Level.values if everything else ACTS_AT.get(user.role, ())),
        "handlerActions": sorted(HANDLER_ACTIONS),
        "chain": list(Level.values),
    }


def street_labels(user) -> list[dict]:
    """One label point per street the user sees, WGS84 degrees."""
    return area_labels(user.jurisdiction, levels=("street",))


def event_choices(user) -> dict:
    """The workflow's choices and what the user's role may do: what any page showing event cards
    with their action buttons needs (the event screens, the command map's event layer)."""
    return {
        "statuses": _choices(Status.choices),
        "sources": _choices(Source.choices),
        "priorities": _choices(Priority.choices),
        "levels": _choices(Level.choices),
        "actions": _choices(Action.choices),
        "workflow": _workflow(user),
    }


def events_config(user) -> dict:
    """What the event screens add to the page config: the event choices and one label per street."""
    return {**event_choices(user), "streetLabels": street_labels(user)}


@login_required
def events_page(request):
    return render(request, "webmap/events.html", {"page": events_config(request.user)})
