"""The event workflow in one place: statuses, levels, actions, the transition table and who may take
which step. Pure: no queries; `events.services.actions` applies what this module decides.

An event sits at a **level** (who holds it: the grid worker, the grid leader, the street centre, the
district centre or a department) and has a **status**. Escalation (上报) moves it one level up the
chain grid → grid leader → street → district → department; dispatch (下派) hands it to a person or a
department; return (退回) sends it back to whoever passed it on (or, once resolved, back for rework).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

__all__ = [
    "Status",
    "Level",
    "Action",
    "OPEN",
    "TERMINAL",
    "FINISHED",
    "TRANSITIONS",
    "ROLE_ACTIONS",
    "ACTS_AT",
    "HANDLER_ACTIONS",
    "SUPERVISORS",
    "ESCALATION_CHAIN",
    "next_status",
    "denial",
    "level_above",
    "level_of_role",
]


class Status(models.TextChoices):
    REPORTED = "reported", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    DISPATCHED = "dispatched", _("已下派")
    ESCALATED = "escalated", _("已上报")
    IN_PROGRESS = "in_progress", _("处置中")
    RESOLVED = "resolved", _("已办结")
    CLOSED = "closed", _("已结案")
    RETURNED = "returned", _("已退回")
    REJECTED = "rejected", _("不予受理")
    SELF_HANDLED = "self_handled", _("自办自结")


TERMINAL = frozenset({Status.CLOSED, Status.REJECTED, Status.SELF_HANDLED})
OPEN = frozenset(Status) - TERMINAL
FINISHED = frozenset({Status.CLOSED, Status.SELF_HANDLED})  # closed with the problem dealt with


class Level(models.TextChoices):
    GRID = "grid", _("网格员")
    GRID_LEADER = "grid_leader", _("网格长")
    STREET = "street", _("街道中心")
    DISTRICT = "district", _("区指挥中心")
    DEPARTMENT = "department", _("职能部门")


ESCALATION_CHAIN = (Level.GRID, Level.GRID_LEADER, Level.STREET, Level.DISTRICT, Level.DEPARTMENT)


class Action(models.TextChoices):
    REPORT = "report", _("上报事项")
    ACCEPT = "accept", _("受理")
    DISPATCH = "dispatch", _("下派")
    ESCALATE = "escalate", _("上报上级")
    START = "start", _("开始处置")
    RESOLVE = "resolve", _("办结")
    CLOSE = "close", _("结案")
    RETURN = "return", _("退回")
    REJECT = "reject", _("不予受理")
    SELF_HANDLE = "self_handle", _("自办自结")
    SUPERVISE = "supervise", _("督办")
    RATE = "rate", _("评价")
    OVERDUE = "overdue", _("超期")  # written by the deadline job, never requested


# action → (statuses it may start from, status it leads to; None keeps the status)
TRANSITIONS: dict[str, tuple[frozenset, str | None]] = {
    Action.ACCEPT: (
        frozenset({Status.REPORTED, Status.DISPATCHED, Status.ESCALATED, Status.RETURNED}),
        Status.ACCEPTED,
    ),
    Action.DISPATCH: (
        frozenset({Status.REPORTED, Status.ACCEPTED, Status.DISPATCHED, Status.ESCALATED, Status.RETURNED}),
        Status.DISPATCHED,
    ),
    Action.ESCALATE: (
        frozenset(
            {Status.REPORTED, Status.ACCEPTED, Status.DISPATCHED, Status.ESCALATED, Status.IN_PROGRESS, Status.RETURNED}
        ),
        Status.ESCALATED,
    ),
    Action.START: (frozenset({Status.ACCEPTED, Status.DISPATCHED}), Status.IN_PROGRESS),
    Action.RESOLVE: (frozenset({Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS}), Status.RESOLVED),
    Action.CLOSE: (frozenset({Status.RESOLVED}), Status.CLOSED),
    Action.RETURN: (
        frozenset(
            {Status.ACCEPTED, Status.DISPATCHED, Status.ESCALATED, Status.IN_PROGRESS, Status.RESOLVED, Status.RETURNED}
        ),
        Status.RETURNED,
    ),
    Action.REJECT: (frozenset({Status.REPORTED, Status.ACCEPTED, Status.ESCALATED, Status.RETURNED}), Status.REJECTED),
    Action.SELF_HANDLE: (frozenset({Status.REPORTED, Status.ACCEPTED}), Status.SELF_HANDLED),
    Action.SUPERVISE: (OPEN, None),
    Action.RATE: (FINISHED, None),
}

# What each role may do at all.
ROLE_ACTIONS: dict[str, frozenset] = {
    Role.GRID_WORKER: frozenset(
        {Action.ACCEPT, Action.START, Action.RESOLVE, Action.SELF_HANDLE, Action.ESCALATE, Action.RETURN}
    ),
    Role.GRID_LEADER: frozenset(
        {
            Action.ACCEPT,
            Action.START,
            Action.RESOLVE,
            Action.SELF_HANDLE,
            Action.ESCALATE,
            Action.RETURN,
            Action.DISPATCH,
        }
    ),
    Role.STREET_OPERATOR: frozenset(
        {
            Action.ACCEPT,
            Action.DISPATCH,
            Action.ESCALATE,
            Action.RETURN,
            Action.REJECT,
            Action.RESOLVE,
            Action.CLOSE,
            Action.SUPERVISE,
        }
    ),
    Role.COMMAND_OPERATOR: frozenset(
        {
            Action.ACCEPT,
            Action.DISPATCH,
            Action.ESCALATE,
            Action.RETURN,
            Action.REJECT,
            Action.RESOLVE,
            Action.CLOSE,
            Action.SUPERVISE,
        }
    ),
    Role.DEPARTMENT_STAFF: frozenset({Action.ACCEPT, Action.START, Action.RESOLVE, Action.RETURN}),
    Role.LEADER: frozenset({Action.SUPERVISE}),
}

# The levels at which a role may move an event it does not hold: a higher level may take over a
# lower one's event, a department acts only on what was passed to it.
ACTS_AT: dict[str, frozenset] = {
    Role.GRID_WORKER: frozenset({Level.GRID}),
    Role.GRID_LEADER: frozenset({Level.GRID, Level.GRID_LEADER}),
    Role.STREET_OPERATOR: frozenset({Level.GRID, Level.GRID_LEADER, Level.STREET}),
    Role.COMMAND_OPERATOR: frozenset(Level),
    Role.DEPARTMENT_STAFF: frozenset({Level.DEPARTMENT}),
}

# What the event's current handler may do wherever they are (a worker dispatched from another grid).
HANDLER_ACTIONS = frozenset(
    {Action.ACCEPT, Action.START, Action.RESOLVE, Action.ESCALATE, Action.RETURN, Action.SELF_HANDLE}
)
SUPERVISORS = frozenset({Role.LEADER, Role.COMMAND_OPERATOR, Role.STREET_OPERATOR})

_ROLE_LEVEL = {
    Role.GRID_WORKER: Level.GRID,
    Role.GRID_LEADER: Level.GRID_LEADER,
    Role.STREET_OPERATOR: Level.STREET,
    Role.COMMAND_OPERATOR: Level.DISTRICT,
    Role.DEPARTMENT_STAFF: Level.DEPARTMENT,
}


def level_of_role(role: str) -> str | None:
    return _ROLE_LEVEL.get(role)


def level_above(level: str) -> str | None:
    i = ESCALATION_CHAIN.index(level)
    return ESCALATION_CHAIN[i + 1] if i + 1 < len(ESCALATION_CHAIN) else None


def next_status(action: str, status: str) -> str | None:
    """The status `action` leads to from `status` (None: unchanged); ValueError when not allowed."""
    sources, target = TRANSITIONS[action]
    if status not in sources:
        raise ValueError(
            f"“{Action(action).label}”不能用于{Status(status).label}的事项 (cannot {action} an event that is {status})"
        )
    return target


def denial(
    role: str, action: str, *, level: str, is_handler: bool, covers: bool, is_reporter: bool, is_superuser: bool = False
) -> str | None:
    """Why a user may not take `action` on an event, or None when they may.

    `covers`: the event lies in the user's jurisdiction (for department staff: it is their
    department's); `level`: where the event sits; `is_handler`: the user is its current handler."""
    if action == Action.RATE:
        return None if is_reporter or is_superuser else "只有上报人可以评价 (only the reporter may rate)"
    if is_superuser:
        return None
    if action not in ROLE_ACTIONS.get(role, ()):
        return f"您的角色不能{Action(action).label} (your role may not {action})"
    if action == Action.SUPERVISE:
        return None if covers else "事项不在您的辖区内 (event outside your jurisdiction)"
    if is_handler and action in HANDLER_ACTIONS:
        return None
    if not covers:
        return "事项不在您的辖区内 (event outside your jurisdiction)"
    if level not in ACTS_AT.get(role, ()):
        return f"事项当前由{Level(level).label}处置 (the event is held at level {level})"
    return None
