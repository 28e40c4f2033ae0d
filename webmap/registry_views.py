"""The registry screens (以房管人): people search and list with the person card, the person card on
its own page, and the building view (楼盘表). Pages render their frame and what the scripts need
(choice labels); the rows come from the registry API, which cuts them to the jurisdiction, masks
them by role and logs every person it returns."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from registry import privacy
from registry.models import (
    BuildingKind,
    DocumentType,
    Gender,
    GroupCategory,
    GroupKind,
    HouseUse,
    Level,
    PersonStatus,
    Registration,
    Relation,
    RuleKind,
    TransferKind,
)

__all__ = ["people_page", "person_page", "building_page"]


def _choices(choices) -> dict:
    return {value: str(label) for value, label in choices}


def _config(user) -> dict:
    kinds = GroupKind.objects.filter(active=True)
    if not privacy.may_see_special_groups(user):
        kinds = kinds.exclude(category=GroupCategory.SPECIAL)
    return {
        "choices": {
            "gender": _choices(Gender.choices),
            "document_type": _choices(DocumentType.choices),
            "registration": _choices(Registration.choices),
            "status": _choices(PersonStatus.choices),
            "relation": _choices(Relation.choices),
            "use": _choices(HouseUse.choices),
            "level": _choices(Level.choices),
            "kind": _choices(BuildingKind.choices),
            "warning": _choices(RuleKind.choices),
            "transfer": _choices(TransferKind.choices),
            "group": {k.code: k.name for k in kinds},
        },
    }


def _readers_only(request):
    if not privacy.may_read_people(request.user):
        raise PermissionDenied


@login_required
def people_page(request):
    _readers_only(request)
    return render(request, "webmap/registry_people.html", {"page": _config(request.user)})


@login_required
def person_page(request, pk: int):
    _readers_only(request)
    return render(request, "webmap/registry_person.html", {"page": {**_config(request.user), "person": pk}})


@login_required
def building_page(request, pk: int):
    _readers_only(request)
    return render(request, "webmap/registry_building.html", {"page": {**_config(request.user), "building": pk}})
