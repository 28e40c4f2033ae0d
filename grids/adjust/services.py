"""Grid adjustments: preview (nothing written but the Adjustment), apply and revert, each in one
transaction with the invariants checked before commit. Only GIS admins and superusers, inside
their jurisdiction. After commit, open maps are told to reload (an `areas_changed` frame per street)."""

import numpy as np
import shapely
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from pyproj import Transformer

from accounts.models import Role
from geo.errors import Conflict, Forbidden, NotFound
from grids.adjust.bulk import plan_bulk
from grids.adjust.history import record_code_changes, record_versions
from grids.adjust.invariants import check_invariants
from grids.adjust.models import Adjustment, AdjustmentStatus
from grids.adjust.plan import PLANNERS, Plan
from grids.adjust.relocate import count_moves, dirty_codes, recode, relocate
from grids.adjust.state import State, load_state
from grids.adjust.write import (
    delete_gone,
    follow_admin_areas,
    heirs_by_overlap,
    member_moves,
    move_members,
    restore_members,
    write_state,
)
from grids.models import Grid, MicroGrid
from realtime.broadcast import publish_now

__all__ = ["preview", "apply", "revert", "require_gis_admin", "RELOAD_LAYERS"]

RELOAD_LAYERS = ["areas", "grids", "microgrids", "places"]


def require_gis_admin(user) -> None:
    if not (user.is_superuser or user.role == Role.GIS_ADMIN):
        raise Forbidden("只有GIS管理员可以调整网格 (only GIS admins adjust grids)")


def _require_jurisdiction(user, codes) -> None:
    jurisdiction = user.jurisdiction
    for code in sorted(codes):
        if not jurisdiction.covers(code):
            raise Forbidden(f"{code} 不在您的辖区内 ({code} is outside your jurisdiction)")


def _grid_codes(*states: State) -> set[str]:
    return {c for s in states for c in s.grids}


def _communities(*states: State) -> set[str]:
    return {g.community for s in states for g in s.grids.values()}


def code_map(heirs: dict) -> dict[str, str]:
    return {old: new for level in ("grids", "micro_grids") for old, new in heirs[level].items() if old != new}


_to_metric = None


def _m2(geom) -> float:
    global _to_metric
    if _to_metric is None:
        _to_metric = Transformer.from_crs(4326, settings.METRIC_SRID, always_xy=True)
    return float(shapely.transform(geom, lambda xy: _stack(_to_metric.transform(xy[:, 0], xy[:, 1]))).area)


def _stack(pair):
    return np.column_stack(pair)


def _feature(level, row, side) -> dict:
    parent = row.community if level == "grid" else row.grid
    return {
        "type": "Feature",
        "geometry": shapely.geometry.mapping(row.geom),
        "properties": {
            "level": level,
            "code": row.code,
            "name": row.name,
            "parent": parent,
            "side": side,
            "area_m2": round(_m2(row.geom), 1),
        },
    }


def _changes(plan: Plan) -> list[dict]:
    """Before and after features of every grid and micro-grid whose shape, name or code changes."""
    out = []
    for level, attr in (("grid", "grids"), ("micro_grid", "micro_grids")):
        old, new = getattr(plan.before, attr), getattr(plan.after, attr)
        for code in sorted(set(old) | set(new)):
            a, b = old.get(code), new.get(code)
            if a and b and a.name == b.name and a.geom.equals_exact(b.geom, 0) and a == b:
                continue
            out += [_feature(level, a, "before")] if a else []
            out += [_feature(level, b, "after")] if b else []
    return out


def _differs(a, b) -> bool:
    same = a.name == b.name and getattr(a, "grid", None) == getattr(b, "grid", None)
    return not (same and a.geom.equals_exact(b.geom, 0))


def _diff(plan: Plan) -> dict:
    """Per level: codes changed (shape or name), appeared and vanished."""
    out = {}
    for level, attr in (("grids", "grids"), ("micro_grids", "micro_grids")):
        old, new = getattr(plan.before, attr), getattr(plan.after, attr)
        out[level] = {
            "changed": sorted(c for c in set(old) & set(new) if _differs(old[c], new[c])),
            "appeared": sorted(set(new) - set(old)),
            "vanished": sorted(set(old) - set(new)),
        }
    return out


def _render(plan: Plan, heirs: dict, counts: dict, moves: list) -> dict:
    changes = _changes(plan)
    areas = {}
    for f in changes:
        p = f["properties"]
        entry = areas.setdefault(p["code"], {"code": p["code"], "level": p["level"], "before_m2": 0.0, "after_m2": 0.0})
        entry[f"{p['side']}_m2"] = p["area_m2"]
    for entry in areas.values():
        entry["change_m2"] = round(entry["after_m2"] - entry["before_m2"], 1)
    return {
        "diff": _diff(plan),
        "changes": {"type": "FeatureCollection", "features": changes},
        "areas": list(areas.values()),
        "code_map": [
            {"level": level[:-1] if level == "grids" else "micro_grid", "old": o, "new": n}
            for level in ("grids", "micro_grids")
            for o, n in sorted(heirs[level].items())
            if o != n
        ],
        "counts": {**counts, "grid_members": len(moves)},
        "members": [
            {"user": m.user.username, "name": m.user.display_name, "role": m.role, "from": old, "to": new}
            for m, old, new in moves
        ],
        "member_rule": "微网格联络员随其微网格；其他成员留在原网格，原网格撤销时随其面积最大的去向 "
        "(liaisons follow their micro-grid; other members stay with their grid, or follow it when it vanishes)",
    }


@transaction.atomic
def preview(user, op: str, params: dict, reason: str = "") -> Adjustment:
    require_gis_admin(user)
    plan = plan_bulk(params) if op == "bulk" else PLANNERS[op](params)
    _require_jurisdiction(user, _grid_codes(plan.before, plan.after))
    heirs = heirs_by_overlap(plan.before, plan.after, plan.heirs)
    after_micro = sorted(plan.after.micro_grids.items())
    counts = count_moves(
        dirty_codes(plan.before, plan.after),
        [c for c, _ in after_micro],
        [shapely.to_wkb(m.geom) for _, m in after_micro],
        code_map(heirs),
    )
    moves = member_moves(plan.before, plan.after, plan.reuse, heirs)
    return Adjustment.objects.create(
        op=op,
        params=plan.params,
        author=user,
        reason=reason,
        before=plan.before.to_json(),
        after=plan.after.to_json(),
        reuse=plan.reuse,
        heirs=heirs,
        preview=_render(plan, heirs, counts, moves),
        fingerprint=plan.before.fingerprint(),
        codes=sorted(_grid_codes(plan.before, plan.after)),
    )


def _locked(user, pk: int) -> Adjustment:
    require_gis_admin(user)
    adjustment = Adjustment.objects.select_for_update().filter(pk=pk).first()
    if adjustment is None or not all(user.jurisdiction.covers(c) for c in adjustment.codes):
        raise NotFound(f"找不到调整 #{pk} (no adjustment #{pk})")
    return adjustment


def _check_unchanged(state: State, fingerprint: str, what: str) -> None:
    current = load_state(state.grids, lock=True, missing_ok=True)
    if current.fingerprint() != fingerprint:
        changed = sorted(
            c
            for c in set(current.grids) | set(state.grids) | set(current.micro_grids) | set(state.micro_grids)
            if (current.grids.get(c) or current.micro_grids.get(c)) != (state.grids.get(c) or state.micro_grids.get(c))
        )
        raise Conflict(
            f"{what}之后 {', '.join(changed[:3]) or '网格'} 已变化，请重新预览 "
            f"({', '.join(changed[:3])} changed since the {what}; preview again)"
        )


# Only these move area between communities on purpose; a bulk layer must fit its communities.
FOLLOWING_OPS = ("migrate", "reshape")


def _execute(adjustment, before: State, after: State, reuse: dict, heirs: dict, members=None) -> dict:
    """Write `after` over `before`, move members (or restore them), re-locate, check invariants."""
    moves = member_moves(before, after, reuse, heirs) if members is None else []  # read before rows change
    written = write_state(before, after, reuse)
    if members is None:
        record = move_members(moves, written["grid_ids"])
    else:
        restore_members(members, written["grid_ids"])
        record = members
    communities = _communities(before, after)
    if len(communities) > 1 and adjustment.op in FOLLOWING_OPS:
        follow_admin_areas(communities)
    grids = _grid_codes(before, after)
    # Re-locate before deleting vanished rows, so their SET_NULL finds no row still pointing at them.
    moved = relocate(sorted(after.micro_grids), dirty_codes(before, after))
    moved.update(recode(code_map(heirs)))
    delete_gone(written["gone_micro"], written["gone_grids"])
    check_invariants(set(after.grids), communities)
    record_versions(adjustment, before, after, timezone.now())
    streets = sorted({g.street for s in (before, after) for g in s.grids.values()})
    payload = {"layers": RELOAD_LAYERS, "adjustment": adjustment.pk, "codes": sorted(grids)}
    for street in streets:
        publish_now("areas_changed", street, payload)
    return {"record": record, "moved": moved}


@transaction.atomic
def apply(user, pk: int) -> Adjustment:
    adjustment = _locked(user, pk)
    if adjustment.status != AdjustmentStatus.PREVIEW:
        raise Conflict(f"调整 #{pk} 已{adjustment.get_status_display()} (adjustment #{pk} is {adjustment.status})")
    before, after = State.from_json(adjustment.before), State.from_json(adjustment.after)
    _check_unchanged(before, adjustment.fingerprint, "预览")
    new_grids = [c for c in after.grids if c not in before.grids]
    new_micro = [c for c in after.micro_grids if c not in before.micro_grids]
    taken = list(Grid.objects.filter(code__in=new_grids).values_list("code", flat=True))
    taken += MicroGrid.objects.filter(code__in=new_micro).values_list("code", flat=True)
    if taken:
        raise Conflict(f"编码 {taken[0]} 已被占用，请重新预览 (code {taken[0]} is taken now; preview again)")
    done = _execute(adjustment, before, after, adjustment.reuse, adjustment.heirs)
    record_code_changes(adjustment, adjustment.heirs)
    adjustment.status, adjustment.applied_at = AdjustmentStatus.APPLIED, timezone.now()
    adjustment.member_moves = {**done["record"], "relocated": done["moved"]}
    adjustment.save()
    return adjustment


@transaction.atomic
def revert(user, pk: int) -> Adjustment:
    adjustment = _locked(user, pk)
    if adjustment.status != AdjustmentStatus.APPLIED:
        raise Conflict(f"调整 #{pk} 未生效，不能撤回 (adjustment #{pk} is {adjustment.status}, not applied)")
    later = (
        Adjustment.objects.filter(status=AdjustmentStatus.APPLIED, applied_at__gt=adjustment.applied_at)
        .filter(codes__overlap=adjustment.codes)
        .order_by("applied_at")
        .first()
    )
    if later is not None:
        raise Conflict(
            f"之后的调整 #{later.pk}（{later.get_op_display()}）涉及相同网格，请先撤回它 "
            f"(later adjustment #{later.pk} touched the same grids; revert it first)"
        )
    before, after = State.from_json(adjustment.before), State.from_json(adjustment.after)
    _check_unchanged(after, after.fingerprint(), "生效")
    reuse = {level: {old: new for new, old in pairs.items()} for level, pairs in adjustment.reuse.items()}
    heirs = heirs_by_overlap(after, before, adjustment.reuse)
    _execute(adjustment, after, before, reuse, heirs, members=adjustment.member_moves)
    adjustment.status, adjustment.reverted_at, adjustment.reverted_by = AdjustmentStatus.REVERTED, timezone.now(), user
    adjustment.save()
    return adjustment
