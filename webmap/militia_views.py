"""The militia page (基层武装): units, members, equipment in warehouses, tasks and plans on one map.
The page renders its frame and the choices its scripts need; everything else comes from the
militia API, which cuts it to the user's jurisdiction."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from militia.models import EquipmentKind, MovementReason, ResourceKind, Speciality, TaskKind, TaskStatus
from webmap.events_views import street_labels

__all__ = ["militia_page", "militia_config"]


def _choices(choices) -> list[dict]:
    return [{"value": value, "label": label} for value, label in choices]


def militia_config(user) -> dict:
    return {
        "streetLabels": street_labels(user),
        "equipmentKinds": _choices(EquipmentKind.choices),
        "movementReasons": _choices(MovementReason.choices),
        "resourceKinds": _choices(ResourceKind.choices),
        "specialities": _choices(Speciality.choices),
        "taskKinds": _choices(TaskKind.choices),
        "taskStatuses": _choices(TaskStatus.choices),
    }


@login_required
def militia_page(request):
    return render(request, "webmap/militia.html", {"page": militia_config(request.user)})
