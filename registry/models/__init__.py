"""The registry's models: places people live in, people, groups, organisations, warnings, transfers,
the access log and the per-area counts."""

from registry.models.access import AreaCount, Channel, PersonAccess
from registry.models.alerts import RuleKind, Warning, WarningRule
from registry.models.groups import GroupCategory, GroupKind, GroupMembership, Level
from registry.models.orgs import Organisation, OrganisationKind
from registry.models.people import (
    LIVING,
    DocumentType,
    Gender,
    Person,
    PersonStatus,
    Registration,
    Relation,
    Residence,
)
from registry.models.places import Building, BuildingKind, House, HouseUse
from registry.models.transfers import Transfer, TransferKind

__all__ = [
    "AreaCount",
    "Channel",
    "PersonAccess",
    "RuleKind",
    "Transfer",
    "TransferKind",
    "Warning",
    "WarningRule",
    "GroupCategory",
    "GroupKind",
    "GroupMembership",
    "Level",
    "Organisation",
    "OrganisationKind",
    "LIVING",
    "DocumentType",
    "Gender",
    "Person",
    "PersonStatus",
    "Registration",
    "Relation",
    "Residence",
    "Building",
    "BuildingKind",
    "House",
    "HouseUse",
]
