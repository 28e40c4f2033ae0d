"""Equipment stock: movements change stock and are appended (never rewritten), a shortfall is 409
and writes nothing, the table refuses negative stock by itself, transfers move both sides, another
street's warehouse is 404; stock per kind on the map."""

import pytest
from django.db import IntegrityError, InternalError, ProgrammingError, transaction

from militia.models import Movement, Resource, Stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def warehouses(unit):
    found = list(Resource.objects.filter(kind="warehouse", location_code__startswith="320411001").order_by("id")[:2])
    assert len(found) == 2
    return found


def held(warehouse, kind, condition="good"):
    row = Stock.objects.filter(warehouse=warehouse, kind=kind, condition=condition).first()
    return row.quantity if row else 0


def post_moves(api, warehouse, items):
    return api.post(f"/api/v1/militia/resources/{warehouse.pk}/movements", {"items": items}, format="json")


def test_movements_in_and_out_change_stock_and_are_logged(unit, warehouses, api_as):
    w = warehouses[0]
    before, total = held(w, "boat"), w.stock_total
    api = api_as(unit.street_op.username)

    r = post_moves(
        api, w, [{"kind": "boat", "quantity": 5, "reason": "in"}, {"kind": "boat", "quantity": 2, "reason": "out"}]
    )

    assert r.status_code == 201, r.json()
    assert held(w, "boat") == before + 3
    w.refresh_from_db()
    assert w.stock_total == total + 3
    assert [m["delta"] for m in r.json()["movements"]] == [5, -2]
    body = api.get(f"/api/v1/militia/resources/{w.pk}/stock").json()
    assert body["stock"]["boat"]["good"] == before + 3 and body["movements"][0]["kind"] == "boat"


def test_stock_never_goes_negative_and_a_failing_list_writes_nothing(unit, warehouses, api_as):
    w = warehouses[0]
    before_pumps, before_moves = held(w, "pump"), Movement.objects.filter(warehouse=w).count()

    r = post_moves(
        api_as(unit.street_op.username),
        w,
        [
            {"kind": "pump", "quantity": 1, "reason": "in"},
            {"kind": "pump", "quantity": before_pumps + 5, "reason": "out"},
        ],
    )

    assert r.status_code == 409 and r.json()["field"] == "quantity" and "库存不足" in r.json()["detail"]
    assert held(w, "pump") == before_pumps and Movement.objects.filter(warehouse=w).count() == before_moves


def test_the_database_refuses_negative_stock_and_rewriting_movements(warehouses):
    row = Stock.objects.filter(warehouse=warehouses[0]).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(pk=row.pk).update(quantity=-1)
    move = Movement.objects.filter(warehouse=warehouses[0]).first()
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        Movement.objects.filter(pk=move.pk).update(delta=999)
    with pytest.raises((InternalError, ProgrammingError)), transaction.atomic():
        Movement.objects.filter(pk=move.pk).delete()


def test_a_transfer_moves_both_sides(unit, warehouses, api_as):
    source, target = warehouses
    Stock.objects.filter(warehouse=source, kind="tent").delete()
    post_moves(api_as("district"), source, [{"kind": "tent", "quantity": 10, "reason": "in"}])
    before = held(target, "tent")

    r = api_as(unit.street_op.username).post(
        "/api/v1/militia/transfers",
        {"source": source.pk, "target": target.pk, "kind": "tent", "quantity": 4},
        format="json",
    )

    assert r.status_code == 201, r.json()
    assert (held(source, "tent"), held(target, "tent")) == (6, before + 4)
    reasons = set(Movement.objects.filter(kind="tent", warehouse__in=warehouses).values_list("reason", flat=True))
    assert {"transfer_out", "transfer_in"} <= reasons


@pytest.mark.parametrize(
    "item, field",
    [
        ({"kind": "tank", "quantity": 1, "reason": "in"}, "kind"),
        ({"kind": "boat", "quantity": 0, "reason": "in"}, "quantity"),
        ({"kind": "boat", "quantity": -3, "reason": "out"}, "quantity"),
        ({"kind": "boat", "quantity": 1, "reason": "gift"}, "reason"),
    ],
)
def test_bad_movements_are_400_naming_the_field(unit, warehouses, api_as, item, field):
    r = post_moves(api_as(unit.street_op.username), warehouses[0], [item])

    assert r.status_code == 400 and r.json()["field"] == field


def test_another_streets_warehouse_is_404(other_unit, warehouses, api_as):
    api = api_as(other_unit.street_op.username)

    assert post_moves(api, warehouses[0], [{"kind": "boat", "quantity": 1, "reason": "in"}]).status_code == 404
    assert api.get(f"/api/v1/militia/resources/{warehouses[0].pk}/stock").status_code == 404
    kinds = api.get("/api/v1/militia/stock?kind=boat").json()["features"]
    assert kinds and all(f["properties"]["code"].startswith("320411002") for f in kinds)


def test_the_stock_map_shows_one_kind_per_warehouse(unit, warehouses, api_as):
    body = api_as(unit.street_op.username).get("/api/v1/militia/stock?kind=pump").json()

    by_id = {f["id"]: f["properties"]["quantity"] for f in body["features"]}
    assert by_id[warehouses[0].pk] == held(warehouses[0], "pump")
