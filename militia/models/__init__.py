"""Militia and emergency command (基层武装/应急指挥): organisations and members, resources and the
equipment stocked in warehouses, tasks with town → district approval, emergency plans and active
emergencies, and notices with read receipts."""

from militia.models.equipment import Condition, EquipmentKind, Movement, MovementReason, Stock
from militia.models.notices import Notice, NoticeReceipt
from militia.models.organisation import AgeBand, MilitiaMember, MilitiaOrg, OrgLevel, Speciality
from militia.models.plans import Emergency, EmergencyPlan, EmergencyStatus, PlanLevel
from militia.models.resources import Resource, ResourceKind
from militia.models.tasks import (
    ApprovalStep,
    MilitiaTask,
    TaskApproval,
    TaskAssignment,
    TaskClockIn,
    TaskKind,
    TaskStatus,
)

__all__ = [
    "AgeBand",
    "ApprovalStep",
    "Condition",
    "Emergency",
    "EmergencyPlan",
    "EmergencyStatus",
    "EquipmentKind",
    "MilitiaMember",
    "MilitiaOrg",
    "MilitiaTask",
    "Movement",
    "MovementReason",
    "Notice",
    "NoticeReceipt",
    "OrgLevel",
    "PlanLevel",
    "Resource",
    "ResourceKind",
    "Speciality",
    "Stock",
    "TaskApproval",
    "TaskAssignment",
    "TaskClockIn",
    "TaskKind",
    "TaskStatus",
]
