"""Workflow steps on an event: check who may, work out the new status and holder, write them with
an optimistic version check, append to the log, announce after commit.

Concurrency: the caller names the version it saw; the UPDATE carries `WHERE version = <seen>`, so of
two operators acting at once on the same version exactly one row is updated, and the other gets
StaleVersion (409) — also when both passed the first check, because PostgreSQL re-reads the row's
version after the first transaction commits."""

from dataclasses import dataclass
from datetime import datetime

import pghistory
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Role
from events.errors import BadInput, InvalidTransition, NotAllowed, NotFound, StaleVersion
from events.live import publish_event
from events.models import Department, Event, Reminder, ReminderKind
from events.routing import grid_people, route
from events.services.intake import add_photos
from events.services.log import append_action
from events.workflow import (
    ESCALATION_CHAIN,
    TERMINAL,
    Action,
    Level,
    Status,
    denial,
    level_above,
    level_of_role,
    next_status,
)
from grids.models import MemberRole
from tracking.micro_days import late_days_of, mark_late

__all__ = ["perform", "perform_as_system", "get_event", "actor_covers", "REQUESTABLE"]

REQUESTABLE = frozenset(Action) - {Action.REPORT, Action.OVERDUE}


@dataclass
class _Holder:
    level: str
    handler: object | None
    department: Department | None


def get_event(event_id) -> Event:
    event = Event.objects.select_related("category__parent", "handler", "department").filter(pk=event_id).first()
    if event is None:
        raise NotFound(f"事项 {event_id} 不存在 (no such event)", field="id")
    return event


def actor_covers(actor, event) -> bool:
    """The event is in the actor's jurisdiction, or (department staff) it is their department's."""
    if actor.role == Role.DEPARTMENT_STAFF:
        return event.department_id is not None and actor.departments.filter(department_id=event.department_id).exists()
    return actor.jurisdiction.covers(event.location_code)


def perform(
    event,
    actor,
    action: str,
    *,
    version: int | None,
    note: str = "",
    target: str | None = None,
    rating: int | None = None,
    attachments=None,
    photos=(),
    now: datetime | None = None,
) -> Event:
    """Take `action` on `event` (an Event or its id) as `actor`. `photos`: uploaded files stored with
    the event in the step's transaction and attached to its log entry (a resolution's proof).
    Raises BadInput (400), NotAllowed (403), InvalidTransition or StaleVersion (409). Returns the
    event as stored after the step."""
    event = event if isinstance(event, Event) else get_event(event)
    _check_action(action)
    reason = denial(
        actor.role,
        action,
        level=event.level,
        is_handler=event.handler_id == actor.pk,
        covers=actor_covers(actor, event),
        is_reporter=event.reporter_id == actor.pk,
        is_superuser=actor.is_superuser,
    )
    if reason:
        raise NotAllowed(reason, field="action")
    return _apply(
        event,
        actor,
        action,
        version=version,
        note=note,
        target=target,
        rating=rating,
        attachments=attachments,
        photos=photos,
        now=now,
    )


def perform_as_system(
    event,
    action: str,
    *,
    note: str = "",
    target: str | None = None,
    rating: int | None = None,
    version: int | None = None,
    now: datetime | None = None,
) -> Event:
    """A step taken by an integration (a 12345 feedback, an Open311 rating) without a user: no
    permission check, same transitions, log entry with actor 系统."""
    event = event if isinstance(event, Event) else get_event(event)
    _check_action(action)
    return _apply(
        event, None, action, version=version, note=note, target=target, rating=rating, attachments=None, now=now
    )


def _check_action(action):
    if action not in REQUESTABLE:
        raise BadInput(f"未知操作 {action!r} (action must be one of {', '.join(sorted(REQUESTABLE))})", field="action")


def _apply(event, actor, action, *, version, note, target, rating, attachments, now, photos=()) -> Event:
    now = now or timezone.now()
    seen = event.version if version is None else version
    if seen != event.version:
        raise StaleVersion(
            f"事项已被他人更新，请刷新后重试 (event is at version {event.version}, you sent {seen})", field="version"
        )
    if note is not None and len(str(note)) > 2000:
        raise BadInput("note 超过 2000 字 (note is longer than 2000 characters)", field="note")
    try:
        status = next_status(action, event.status) or event.status
    except ValueError as exc:
        raise InvalidTransition(str(exc), field="action") from None
    before = (event.status, event.level)
    holder = _holder_after(event, actor, action, target)
    changes = {"status": status, "level": holder.level, "handler": holder.handler, "department": holder.department}
    changes.update(_side_changes(event, action, status, rating, now))
    with transaction.atomic(), pghistory.context(actor=actor.pk if actor else None, action=action):
        updated = Event.objects.filter(pk=event.pk, version=seen).update(
            **changes, version=F("version") + 1, updated_at=now
        )
        if not updated:
            raise StaleVersion("事项已被他人更新，请刷新后重试 (event changed meanwhile)", field="version")
        for field, value in changes.items():
            setattr(event, field, value)
        event.version = seen + 1
        if photos:
            attachments = list(attachments or []) + [{"photo": p.pk} for p in add_photos(event, photos)]
        append_action(
            event,
            actor,
            action,
            from_status=before[0],
            from_level=before[1],
            time=now,
            note=note,
            attachments=attachments,
        )
        if status in TERMINAL and before[0] not in TERMINAL:
            # the daily summaries count it finished on the day it was reported: that day, if older
            # than the periodic refresh's window, is recomputed on the next refresh
            mark_late(late_days_of([event.created_at], now), now)
        if action == Action.SUPERVISE and event.handler_id:
            Reminder.objects.get_or_create(
                user_id=event.handler_id, event=event, kind=ReminderKind.SUPERVISED, defaults={"created_at": now}
            )
        publish_event(event, action)
    return event


def _side_changes(event, action, status, rating, now) -> dict:
    changes = {}
    if action in (Action.CLOSE, Action.RATE):
        if rating is None and action == Action.RATE:
            raise BadInput("评价须为 1–5 (rating 1–5 is required)", field="rating")
        if rating is not None:
            if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
                raise BadInput("评价须为 1–5 的整数 (rating must be an integer 1–5)", field="rating")
            changes["rating"] = rating
    if action == Action.RESOLVE:
        changes["resolved_at"] = now
    if action == Action.RETURN and event.status == Status.RESOLVED:
        changes["resolved_at"] = None
    if status in TERMINAL and event.status not in TERMINAL:
        changes.update(closed_at=now, due_soon=False)
    if action == Action.SUPERVISE:
        changes.update(supervised=True, supervised_at=now)
    return changes


def _holder_after(event, actor, action, target) -> _Holder:
    current = _Holder(event.level, event.handler, event.department)
    if action == Action.DISPATCH:
        return _dispatch_target(event, actor, target)
    if action == Action.ESCALATE:
        return _escalate_target(event, target)
    if action == Action.RETURN:
        return current if event.status == Status.RESOLVED else _previous_holder(event)
    if action == Action.ACCEPT and actor is not None and event.handler_id != actor.pk:
        level = level_of_role(actor.role) or event.level
        return _Holder(level, actor, event.department)  # whoever accepts holds the event from now on
    return current


def _split_target(target, default_kind: str) -> tuple[str, str]:
    text = (target or "").strip()
    kind, sep, value = text.partition(":")
    if not sep:
        return default_kind, text
    if kind not in ("user", "department", "level"):
        raise BadInput("target 应为 user:<用户名>、department:<部门编码> 或 level:<层级> (bad target)", field="target")
    return kind, value.strip()


def _department(code: str) -> Department:
    found = Department.objects.filter(code=code, active=True).first()
    if found is None:
        raise BadInput(f"部门“{code}”不存在 (unknown department)", field="target")
    return found


def _dispatch_target(event, actor, target) -> _Holder:
    kind, value = _split_target(target, "user")
    if kind == "department":
        return _Holder(Level.DEPARTMENT, None, _department(value))
    if kind == "level":
        raise BadInput("下派须指定人员或部门 (dispatch takes user:<name> or department:<code>)", field="target")
    if not value:
        worker = route(event).worker
        if worker is None:
            raise BadInput("该网格没有网格员，请指定下派对象 (the grid has no worker: name a target)", field="target")
        return _Holder(Level.GRID, worker, event.department)
    user = get_user_model().objects.filter(username=value, is_active=True).first()
    level = level_of_role(user.role) if user else None
    if user is None or level not in (Level.GRID, Level.GRID_LEADER, Level.DEPARTMENT):
        raise BadInput(
            f"“{value}”不是可下派的网格员、网格长或部门人员 (not a worker, leader or department staff)", field="target"
        )
    if (
        actor is not None
        and not actor.is_superuser
        and level != Level.DEPARTMENT
        and not actor.jurisdiction.covers(user.jurisdiction_code)
    ):
        raise NotAllowed(f"“{value}”不在您的辖区内 (that user is outside your jurisdiction)", field="target")
    department = event.department
    if level == Level.DEPARTMENT:
        membership = user.departments.select_related("department").first()
        department = membership.department if membership else department
    return _Holder(level, user, department)


def _escalate_target(event, target) -> _Holder:
    kind, value = _split_target(target, "level")
    department = _department(value) if kind == "department" else None
    level = Level.DEPARTMENT if department else (value or level_above(event.level))
    if level is not None and (level not in Level.values or kind == "user"):
        raise BadInput(f"target 应为上级层级 {'/'.join(Level.values)} (bad escalation target)", field="target")
    if level is None or ESCALATION_CHAIN.index(level) <= ESCALATION_CHAIN.index(event.level):
        raise InvalidTransition(
            f"事项已在{Level(event.level).label}，不能上报到该层级 (can only escalate upwards)", field="target"
        )
    if level == Level.GRID_LEADER:
        leader = grid_people(event.grid_id).get(MemberRole.LEADER)
        if leader is None:
            raise InvalidTransition("该网格没有网格长 (the grid has no leader): 请上报街道", field="target")
        return _Holder(level, leader, event.department)
    if level == Level.DEPARTMENT:
        department = department or event.department or event.category.effective_department()
        if department is None:
            raise BadInput("请指定部门 department:<编码> (no department for this category)", field="target")
    return _Holder(level, None, department or event.department)


def _previous_holder(event) -> _Holder:
    """Who held the event before it was last passed on. The log is read as a stack: a dispatch,
    escalation or take-over that changed the holder pushes the holder before it; a return pops."""
    stack, previous = [], None
    for entry in event.actions.order_by("time", "id").values_list("action", "to_level", "handler_id", "department_id"):
        action, state = entry[0], entry[1:]
        if previous is not None and state != previous:
            if action == Action.RETURN and stack:
                stack.pop()
            elif action in (Action.DISPATCH, Action.ESCALATE, Action.ACCEPT):
                stack.append(previous)
        previous = state
    if not stack:
        raise InvalidTransition("事项没有可退回的上一环节 (nothing to return the event to)", field="action")
    level, handler_id, department_id = stack[-1]
    handler = get_user_model().objects.filter(pk=handler_id).first() if handler_id else None
    department = Department.objects.filter(pk=department_id).first() if department_id else None
    return _Holder(level, handler, department)
