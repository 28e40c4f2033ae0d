"""Plan an adjustment: read the state, compute the state after, refuse what would break the layer.

Each operation returns a Plan: `before` and `after` (the touched grids and all their micro-grids),
`reuse` (after code → the before code of the row it keeps, for renamed rows) and `heirs` (each code
that vanishes or is renamed → the code it went to). Micro-grids are the unit of every operation;
a grid's shape after is the union of its micro-grids after, so the two levels always agree.
Member rule (members.py): liaisons follow their micro-grid; other members stay with their grid, or
go to its heir when it vanishes."""

from dataclasses import dataclass, field

from shapely.geometry import shape

from geo.errors import BadInput, NotFound
from grids.adjust import geometry as geo
from grids.adjust.state import CodeAllocator, State, load_state
from grids.models import Grid, MicroGrid

__all__ = ["Plan", "plan_merge", "plan_split", "plan_migrate", "plan_reshape", "plan_retire", "PLANNERS"]


@dataclass
class Plan:
    op: str
    params: dict
    before: State
    after: State
    reuse: dict = field(default_factory=lambda: {"grids": {}, "micro_grids": {}})
    heirs: dict = field(default_factory=lambda: {"grids": {}, "micro_grids": {}})


def _regrid(after: State, grid_codes) -> None:
    """Set each grid's shape to the union of its micro-grids after."""
    for code in grid_codes:
        micros = after.micro_of(code)
        if micros:
            after.grids[code] = after.grids[code].but(geom=geo.union(m.geom for m in micros.values()))


def _require_micro_grids(state: State, codes) -> None:
    for code in codes:
        if not state.micro_of(code):
            raise BadInput(f"网格 {code} 没有微网格，无法调整 (grid {code} has no micro-grids)", field="grids")


def _move_micro(plan: Plan, alloc: CodeAllocator, micro_code: str, to_grid: str) -> str:
    """Re-code a micro-grid under `to_grid` (the row is kept); the new code."""
    row = plan.after.micro_grids.pop(micro_code)
    new = alloc.next(to_grid)
    plan.after.micro_grids[new] = row.but(code=new, grid=to_grid)
    plan.reuse["micro_grids"][new] = plan.reuse["micro_grids"].pop(micro_code, micro_code)
    plan.heirs["micro_grids"][plan.reuse["micro_grids"][new]] = new
    return new


def plan_merge(params: dict) -> Plan:
    codes, keep = list(dict.fromkeys(params["grids"])), params["keep"]
    if keep not in codes:
        raise BadInput(f"保留编码 {keep} 不在合并的网格中 (keep must be one of the grids)", field="keep")
    if len(codes) < 2:
        raise BadInput("至少合并两个网格 (merge needs two or more grids)", field="grids")
    before = load_state(codes)
    _require_micro_grids(before, codes)
    for code in codes:
        if before.grids[code].community != before.grids[keep].community:
            raise geo.GeometryRefused(
                f"{code} 与 {keep} 不属于同一社区 ({code} is in another community than {keep})",
                field="grids",
                code=code,
                highlight=before.grids[code].geom,
            )
    groups = geo.components({c: before.grids[c].geom for c in codes})
    if len(groups) > 1:
        apart = next(g for g in groups if keep not in g)[0]
        raise geo.GeometryRefused(
            f"{apart} 与其他网格不相邻 ({apart} is not adjacent to the others)",
            field="grids",
            code=apart,
            highlight=before.grids[apart].geom,
        )
    plan = Plan("merge", params, before, before.copy())
    alloc = CodeAllocator()
    for code in codes:
        if code == keep:
            continue
        for micro in sorted(before.micro_of(code)):
            _move_micro(plan, alloc, micro, keep)
        del plan.after.grids[code]
        plan.heirs["grids"][code] = keep
    if params.get("name"):
        plan.after.grids[keep] = plan.after.grids[keep].but(name=params["name"])
    _regrid(plan.after, [keep])
    return plan


def _new_grid(plan: Plan, alloc: CodeAllocator, like: str, name: str | None) -> str:
    source = plan.before.grids[like]
    code = alloc.next(source.community)
    plan.after.grids[code] = source.but(code=code, name=name or f"{source.name}（新）")
    return code


def plan_split(params: dict) -> Plan:
    code = params["grid"]
    before = load_state([code])
    _require_micro_grids(before, [code])
    plan = Plan("split", params, before, before.copy())
    alloc = CodeAllocator()
    if params.get("micro_grids"):
        chosen = list(dict.fromkeys(params["micro_grids"]))
        for micro in chosen:
            if micro not in before.micro_of(code):
                raise NotFound(f"{micro} 不是网格 {code} 的微网格 (not a micro-grid of {code})", field="micro_grids")
        if len(chosen) == len(before.micro_of(code)):
            raise BadInput("不能选中全部微网格 (choose some micro-grids, not all)", field="micro_grids")
        new = _new_grid(plan, alloc, code, params.get("name"))
        for micro in sorted(chosen):
            _move_micro(plan, alloc, micro, new)
    else:
        line = shape(params["line"])
        kept, cut = geo.split_by_line(before.grids[code].geom, line, code)
        new = _new_grid(plan, alloc, code, params.get("name"))
        for micro_code, micro in sorted(before.micro_of(code).items()):
            stay = geo.union([micro.geom.intersection(kept)])
            leave = geo.union([micro.geom.intersection(cut)])
            if leave.is_empty:
                continue
            if stay.is_empty:
                _move_micro(plan, alloc, micro_code, new)
                continue
            plan.after.micro_grids[micro_code] = micro.but(geom=stay)
            piece = alloc.next(new)
            plan.after.micro_grids[piece] = micro.but(code=piece, grid=new, geom=leave, name=f"{micro.name}（分）")
    _regrid(plan.after, [code, new])
    return plan


def _micro_grids(codes, field_name: str) -> dict:
    rows = dict(MicroGrid.objects.filter(code__in=codes).values_list("code", "grid__code"))
    for code in codes:
        if code not in rows:
            raise NotFound(f"找不到微网格 {code} (no micro-grid {code})", field=field_name)
    return rows


def plan_migrate(params: dict) -> Plan:
    codes, to = list(dict.fromkeys(params["micro_grids"])), params["to"]
    owners = _micro_grids(codes, "micro_grids")
    if not Grid.objects.filter(code=to).exists():
        raise NotFound(f"找不到网格 {to} (no grid {to})", field="to")
    before = load_state({*owners.values(), to})
    plan = Plan("migrate", params, before, before.copy())
    for code, owner in owners.items():
        if owner == to:
            raise BadInput(f"{code} 已属于 {to} ({code} is already in {to})", field="micro_grids")
    for owner in set(owners.values()):
        if all(m in codes for m in before.micro_of(owner)):
            raise geo.GeometryRefused(
                f"网格 {owner} 的微网格将全部划出，请改用撤销网格 (that would empty {owner}; retire it instead)",
                field="micro_grids",
                code=owner,
                highlight=before.grids[owner].geom,
            )
    pieces = {c: before.micro_grids[c].geom for c in codes}
    geo.assign_to_neighbours(pieces, {to: before.grids[to].geom})  # refuses one that touches nothing
    alloc = CodeAllocator()
    for code in sorted(codes):
        _move_micro(plan, alloc, code, to)
    _regrid(plan.after, [to, *set(owners.values())])
    return plan


def plan_reshape(params: dict) -> Plan:
    a, b, line = params["a"], params["b"], shape(params["line"])
    if len(a) != len(b) or len(a) not in (15, 18):
        raise BadInput("a 与 b 应同为网格或同为微网格 (a and b must both be grids or both micro-grids)", field="b")
    if len(a) == 18:
        owners = _micro_grids([a, b], "a")
        before = load_state(set(owners.values()))
        plan = Plan("reshape", params, before, before.copy())
        ma, mb = before.micro_grids[a], before.micro_grids[b]
        new_a, new_b, _ = geo.reshape(ma.geom, mb.geom, line, (a, b))
        plan.after.micro_grids[a], plan.after.micro_grids[b] = ma.but(geom=new_a), mb.but(geom=new_b)
        _regrid(plan.after, set(owners.values()))
        return plan
    before = load_state([a, b])
    _require_micro_grids(before, [a, b])
    plan = Plan("reshape", params, before, before.copy())
    new = dict(zip((a, b), geo.reshape(before.grids[a].geom, before.grids[b].geom, line, (a, b))[:2], strict=False))
    for side, other in ((a, b), (b, a)):
        for code in sorted(before.micro_of(side)):
            micro = plan.after.micro_grids[code]  # as the other side's pass may have grown it
            lost = geo.union([micro.geom.intersection(new[other])])
            if lost.is_empty:
                continue
            targets = {c: m.geom.intersection(new[other]) for c, m in before.micro_of(other).items()}
            target = geo.assign_to_neighbours({code: lost}, targets)[code]
            kept = geo.union([micro.geom.difference(new[other])])
            grown = plan.after.micro_grids[target]
            plan.after.micro_grids[target] = grown.but(geom=geo.union([grown.geom, lost]))
            if kept.is_empty:
                del plan.after.micro_grids[code]
                plan.heirs["micro_grids"][code] = target
            else:
                plan.after.micro_grids[code] = micro.but(geom=kept)
    _regrid(plan.after, [a, b])
    return plan


def plan_retire(params: dict) -> Plan:
    code, targets = params["grid"], list(dict.fromkeys(params["to"]))
    if code in targets:
        raise BadInput(f"{code} 不能交给自己 (a grid cannot go to itself)", field="to")
    before = load_state([code, *targets])
    _require_micro_grids(before, [code])
    plan = Plan("retire", params, before, before.copy())
    micros = {c: m.geom for c, m in before.micro_of(code).items()}
    owner = geo.assign_to_neighbours(micros, {t: before.grids[t].geom for t in targets})
    alloc = CodeAllocator()
    received = dict.fromkeys(targets, 0.0)
    for micro, target in sorted(owner.items()):
        _move_micro(plan, alloc, micro, target)
        received[target] += micros[micro].area
    del plan.after.grids[code]
    plan.heirs["grids"][code] = max(received, key=received.get)
    _regrid(plan.after, targets)
    return plan


PLANNERS = {
    "merge": plan_merge,
    "split": plan_split,
    "migrate": plan_migrate,
    "reshape": plan_reshape,
    "retire": plan_retire,
}
