"""Routing: who gets an event first. Location → micro-grid → grid → the grid's worker (first handler)
and leader (for escalation); category → department; a RoutingRule for the category (or an
ancestor) and street may name another department or another first handler. Reads only; the intake
service applies the result."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from events.models import Category, Department, HandlerRole, RoutingRule
from events.workflow import Level
from grids.models import GridMember, MemberRole

__all__ = ["Route", "route", "matching_rule", "grid_people"]


@dataclass(frozen=True)
class Route:
    handler: object | None  # accounts.User: who holds the event first (None: the street centre / a department)
    department: Department | None
    rule: RoutingRule | None
    level: str  # workflow.Level where the event starts
    worker: object | None  # the grid's worker (网格员)
    leader: object | None  # the grid's leader (网格长), for escalation


def grid_people(grid_id: int | None) -> dict[str, object]:
    """The grid's first worker and first leader (by membership age), as {"worker": User, "leader": User}."""
    if grid_id is None:
        return {}
    User = get_user_model()
    members = (
        GridMember.objects.filter(
            grid_id=grid_id, role__in=[MemberRole.WORKER, MemberRole.LEADER], user__is_active=True
        )
        .order_by("id")
        .values_list("role", "user_id")
    )
    first: dict[str, int] = {}
    for role, user_id in members:
        first.setdefault(role, user_id)
    users = User.objects.in_bulk(first.values())
    return {role: users[user_id] for role, user_id in first.items()}


def matching_rule(category: Category, location_code: str) -> RoutingRule | None:
    """The most specific active rule: longest street prefix, then nearest category, then `order`."""
    lineage = [c.pk for c in category.lineage()]
    candidates = [
        r
        for r in RoutingRule.objects.filter(active=True, category_id__in=lineage).select_related("department")
        if location_code.startswith(r.street_code)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda r: (-len(r.street_code), lineage.index(r.category_id), r.order, r.pk))


def route(event) -> Route:
    """Where a located event goes. `event` needs `category`, `grid_id` and `location_code`."""
    rule = matching_rule(event.category, event.location_code)
    department = rule.department if rule and rule.department_id else event.category.effective_department()
    people = grid_people(event.grid_id)
    worker, leader = people.get(MemberRole.WORKER), people.get(MemberRole.LEADER)
    first = rule.handler_role if rule and rule.handler_role else HandlerRole.WORKER
    if first == HandlerRole.DEPARTMENT and department is not None:
        return Route(None, department, rule, Level.DEPARTMENT, worker, leader)
    if first == HandlerRole.LEADER and leader is not None:
        return Route(leader, department, rule, Level.GRID_LEADER, worker, leader)
    if worker is not None:
        return Route(worker, department, rule, Level.GRID, worker, leader)
    if leader is not None:
        return Route(leader, department, rule, Level.GRID_LEADER, worker, leader)
    return Route(None, department, rule, Level.STREET, worker, leader)
