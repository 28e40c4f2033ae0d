"""Militia tasks and their two-level approval (两级审批): a town (street operator) requests with a
comment, the district approves or refuses with a comment. A town can never approve — its own
request or another's — and nobody approves a request they made. The district may also issue a task
itself (approved at once). Every step is appended to the task's log (append-only) and bumps
`version` with `UPDATE … WHERE version = <seen>`, so a concurrent step gets 409."""

from datetime import datetime

from django.contrib.gis.geos import MultiPolygon, Point
from django.db import transaction
from django.utils import timezone

from militia.errors import BadInput, Conflict, NotAllowed, NotFound, StaleVersion
from militia.models import ApprovalStep, MilitiaMember, MilitiaTask, TaskApproval, TaskAssignment, TaskKind, TaskStatus
from militia.permissions import is_district, require_commander, street_of_user
from militia.units import full_clean, locate_or_fail

__all__ = ["request_task", "decide", "step", "assign", "task_for"]

# step → (statuses it applies to, status after, level that may take it)
_STEPS = {
    ApprovalStep.APPROVE: ({TaskStatus.REQUESTED}, TaskStatus.APPROVED, "district"),
    ApprovalStep.REFUSE: ({TaskStatus.REQUESTED}, TaskStatus.REFUSED, "district"),
    ApprovalStep.CANCEL: ({TaskStatus.REQUESTED, TaskStatus.APPROVED}, TaskStatus.CANCELLED, "any"),
    ApprovalStep.START: ({TaskStatus.APPROVED}, TaskStatus.ACTIVE, "any"),
    ApprovalStep.COMPLETE: ({TaskStatus.ACTIVE}, TaskStatus.DONE, "any"),
}


def task_for(user, task_id) -> MilitiaTask:
    task = MilitiaTask.objects.visible_to(user.jurisdiction).filter(pk=task_id).first()
    if task is None:  # absent and out of reach look the same
        raise NotFound(f"任务 {task_id} 不存在或不在您的辖区内 (no such task)", field="id")
    return task


def _level(user) -> str:
    return "district" if is_district(user) else "town"


def _log(task, step, actor, from_status, comment, now):
    TaskApproval.objects.create(
        task=task,
        step=step,
        level=_level(actor),
        from_status=from_status,
        to_status=task.status,
        comment=comment[:2000],
        actor=actor,
        actor_name=actor.get_full_name() or actor.username,
        actor_code=actor.jurisdiction_code,
        time=now,
    )


@transaction.atomic
def request_task(
    actor,
    *,
    title: str,
    kind: str,
    point: Point,
    starts_at: datetime,
    ends_at: datetime | None = None,
    description: str = "",
    comment: str = "",
    headcount: int = 0,
    area: MultiPolygon | None = None,
    street_code: str | None = None,
    emergency=None,
) -> MilitiaTask:
    """A town requests a task for its own town (status requested, awaiting the district); a district
    user issues one for any town (approved at once, the district's comment on record)."""
    require_commander(actor)
    if kind not in TaskKind.values:
        raise BadInput(f"未知任务类型 {kind}", field="kind")
    if ends_at is not None and ends_at < starts_at:
        raise BadInput("结束时间早于开始时间 (ends_at before starts_at)", field="ends_at")
    task = MilitiaTask(
        title=title,
        kind=kind,
        description=description,
        point=point,
        area=area,
        headcount=headcount,
        starts_at=starts_at,
        ends_at=ends_at,
        requested_by=actor,
        emergency=emergency,
    )
    locate_or_fail(task)
    town = street_of_user(actor)
    district = is_district(actor)
    if not town and not district:
        raise NotAllowed("只有街道(镇)或区可以申请民兵任务 (only a town or the district may request tasks)")
    task.street_code = town or (street_code or task.location_code[:9] + "000")
    if not task.location_code.startswith(task.street_code[:9]):
        raise BadInput("集结点不在申请街道(镇)内 (the muster point lies outside the town)", field="point")
    if not actor.jurisdiction.covers(task.location_code):
        raise NotAllowed("集结点不在您的辖区内 (outside your jurisdiction)")
    task.status = TaskStatus.APPROVED if district else TaskStatus.REQUESTED
    full_clean(task, exclude=["street_code"] if not task.street_code else None)
    task.save()
    now = timezone.now()
    _log(task, ApprovalStep.REQUEST, actor, "", comment, now)
    if district:
        _log(
            task,
            ApprovalStep.APPROVE,
            actor,
            TaskStatus.REQUESTED,
            comment or "区直接下达 (issued by the district)",
            now,
        )
    return task


def _authorise(actor, task: MilitiaTask, step: str, level: str):
    require_commander(actor)
    if level == "district":
        if not is_district(actor):
            raise NotAllowed("街道(镇)不能审批民兵任务，须由区审批 (a town cannot approve: the district decides)")
        if task.requested_by_id == actor.pk:
            raise NotAllowed("不能审批自己提出的申请 (you cannot decide your own request)")


@transaction.atomic
def step(actor, task: MilitiaTask, step_name: str, *, version: int, comment: str = "") -> MilitiaTask:
    """Approve, refuse, cancel, start or complete a task seen at `version`."""
    if step_name not in _STEPS:
        raise BadInput(f"未知操作 {step_name} (approve, refuse, cancel, start, complete)", field="step")
    allowed_from, to_status, level = _STEPS[step_name]
    _authorise(actor, task, step_name, level)
    if step_name == ApprovalStep.REFUSE and not comment.strip():
        raise BadInput("驳回须填写意见 (a refusal needs a comment)", field="comment")
    if task.status not in allowed_from:
        raise Conflict(
            f"任务状态为「{TaskStatus(task.status).label}」，不能{ApprovalStep(step_name).label}", field="step"
        )
    updated = MilitiaTask.objects.filter(pk=task.pk, version=version).update(
        status=to_status, version=version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise StaleVersion("任务已被他人更新，请刷新后重试 (the task changed; reload it)", field="version")
    from_status = task.status
    task.refresh_from_db()
    _log(task, step_name, actor, from_status, comment, timezone.now())
    return task


def decide(actor, task: MilitiaTask, *, approve: bool, version: int, comment: str = "") -> MilitiaTask:
    return step(actor, task, ApprovalStep.APPROVE if approve else ApprovalStep.REFUSE, version=version, comment=comment)


@transaction.atomic
def assign(actor, task: MilitiaTask, member_ids: list[int]) -> list[TaskAssignment]:
    """Assign members (of the actor's jurisdiction) to an approved or active task; idempotent."""
    require_commander(actor)
    if task.status not in (TaskStatus.APPROVED, TaskStatus.ACTIVE):
        raise Conflict("只有已批准或执行中的任务可以指派人员 (approve the task first)", field="members")
    members = MilitiaMember.objects.visible_to(actor.jurisdiction).filter(pk__in=member_ids)
    found = set(members.values_list("pk", flat=True))
    missing = [i for i in member_ids if i not in found]
    if missing:
        raise NotFound(f"民兵 {missing[0]} 不存在或不在您的辖区内", field="members")
    TaskAssignment.objects.bulk_create([TaskAssignment(task=task, member_id=pk) for pk in found], ignore_conflicts=True)
    return list(task.assignments.select_related("member").order_by("member_id"))
