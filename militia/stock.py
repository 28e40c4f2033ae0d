"""Equipment stock: every change is a Movement appended in the same transaction that changes the
Stock row, which is locked first, so concurrent movements serialise and stock never goes negative
(checked here with a message naming the shortfall, and by the table's CHECK constraint)."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from militia.errors import BadInput, InsufficientStock, NotFound
from militia.models import Condition, EquipmentKind, Movement, MovementReason, Resource, ResourceKind, Stock
from militia.permissions import require_commander

__all__ = ["Move", "move_stock", "transfer", "warehouse_for", "stock_by_kind"]

_OUTGOING = {MovementReason.OUT, MovementReason.TRANSFER_OUT, MovementReason.SCRAP}
_INCOMING = {MovementReason.IN, MovementReason.TRANSFER_IN}


@dataclass(frozen=True)
class Move:
    kind: str
    quantity: int  # > 0; the reason says which way (check: signed)
    reason: str
    condition: str = Condition.GOOD
    note: str = ""


def warehouse_for(actor, warehouse_id) -> Resource:
    warehouse = (
        Resource.objects.visible_to(actor.jurisdiction).filter(pk=warehouse_id, kind=ResourceKind.WAREHOUSE).first()
    )
    if warehouse is None:
        raise NotFound(f"仓库 {warehouse_id} 不存在或不在您的辖区内 (no such warehouse)", field="warehouse")
    return warehouse


def _delta(move: Move) -> int:
    if move.kind not in EquipmentKind.values:
        raise BadInput(f"未知装备类型 {move.kind}", field="kind")
    if move.condition not in Condition.values:
        raise BadInput(f"未知装备状况 {move.condition}", field="condition")
    if move.reason not in MovementReason.values:
        raise BadInput(f"未知出入库原因 {move.reason}", field="reason")
    if isinstance(move.quantity, bool) or not isinstance(move.quantity, int) or move.quantity == 0:
        raise BadInput("数量须为非零整数 (quantity must be a non-zero integer)", field="quantity")
    if move.reason == MovementReason.CHECK or move.reason == MovementReason.REPAIR:
        return move.quantity
    if move.quantity < 0:
        raise BadInput("数量须为正数，方向由原因决定 (quantity must be positive)", field="quantity")
    return -move.quantity if move.reason in _OUTGOING else move.quantity


def _apply(warehouse: Resource, move: Move, delta: int, actor, task, now) -> Movement:
    stock, _ = Stock.objects.get_or_create(warehouse=warehouse, kind=move.kind, condition=move.condition)
    stock = Stock.objects.select_for_update().get(pk=stock.pk)
    if stock.quantity + delta < 0:
        raise InsufficientStock(
            f"库存不足：{warehouse.name} 的{EquipmentKind(move.kind).label}({Condition(move.condition).label})"
            f"仅有 {stock.quantity}，不能出库 {-delta} (not enough in stock)",
            field="quantity",
        )
    try:
        with transaction.atomic():
            Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + delta, updated_at=now)
    except IntegrityError:  # the CHECK constraint: never reached while the row is locked
        raise InsufficientStock("库存不足 (not enough in stock)", field="quantity") from None
    Resource.objects.filter(pk=warehouse.pk).update(stock_total=F("stock_total") + delta)
    return Movement.objects.create(
        warehouse=warehouse,
        kind=move.kind,
        condition=move.condition,
        delta=delta,
        balance=stock.quantity + delta,
        reason=move.reason,
        task=task,
        note=move.note[:500],
        actor=actor,
        actor_name=(actor.get_full_name() or actor.username) if actor else "",
        time=now,
    )


@transaction.atomic
def move_stock(actor, warehouse: Resource, moves: list[Move], *, task=None) -> list[Movement]:
    """Apply several movements to one warehouse, all or nothing (a list from one form or import)."""
    if actor is not None:
        require_commander(actor)
    if warehouse.kind != ResourceKind.WAREHOUSE:
        raise BadInput(f"{warehouse.name} 不是仓库 (not a warehouse)", field="warehouse")
    if not moves:
        raise BadInput("没有出入库明细 (no movements)", field="items")
    now = timezone.now()
    deltas = [_delta(m) for m in moves]
    # Lock stock rows in a fixed order so two multi-line movements cannot deadlock.
    order = sorted(range(len(moves)), key=lambda i: (moves[i].kind, moves[i].condition))
    done = {i: _apply(warehouse, moves[i], deltas[i], actor, task, now) for i in order}
    return [done[i] for i in range(len(moves))]


@transaction.atomic
def transfer(
    actor, source: Resource, target: Resource, kind: str, quantity: int, note: str = "", condition: str = Condition.GOOD
) -> tuple[Movement, Movement]:
    """Move equipment between two warehouses (调拨): out of one and into the other, together."""
    if source.pk == target.pk:
        raise BadInput("调出与调入仓库相同 (same warehouse)", field="target")
    first, second = sorted([source, target], key=lambda w: w.pk)  # lock order
    out_move = Move(kind, quantity, MovementReason.TRANSFER_OUT, condition, note or f"调往 {target.name}")
    in_move = Move(kind, quantity, MovementReason.TRANSFER_IN, condition, note or f"来自 {source.name}")
    moves = {source.pk: out_move, target.pk: in_move}
    result = {w.pk: move_stock(actor, w, [moves[w.pk]])[0] for w in (first, second)}
    return result[source.pk], result[target.pk]


def stock_by_kind(warehouses) -> dict[int, dict[str, dict[str, int]]]:
    """{warehouse id: {kind: {condition: quantity}}} for the given warehouses (non-zero rows)."""
    rows = (
        Stock.objects.filter(warehouse__in=warehouses, quantity__gt=0)
        .values("warehouse_id", "kind", "condition")
        .annotate(n=Sum("quantity"))
    )
    result: dict[int, dict[str, dict[str, int]]] = {}
    for r in rows:
        result.setdefault(r["warehouse_id"], {}).setdefault(r["kind"], {})[r["condition"]] = r["n"]
    return result
