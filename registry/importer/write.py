"""Import a people file in one transaction: every row checked against the database first (unknown
building or one outside the importer's jurisdiction, a floor the building lacks, a person registered
in another jurisdiction) and nothing written unless every row is clean. Then: missing houses are
added, new people, their links and history are written with COPY, and people already registered
(deduplicated by ID number) are updated and, if their house changed, moved with a Transfer row."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import pghistory
from django.db import connection, transaction
from django.utils import timezone

from geo.errors import BadInput
from registry import privacy
from registry.bulk import copy_rows, reserve_ids
from registry.importer.columns import column_keys
from registry.importer.history import bulk_history
from registry.importer.read import read_rows
from registry.importer.rows import PersonRow, parse_rows
from registry.models import LIVING, Building, House, Person, Residence, Transfer
from registry.services.people import Forbidden
from registry.services.places import house_address
from registry.services.transfers import transfer_kind

__all__ = ["ImportFailed", "ImportResult", "import_people"]

MAX_LISTED = 200


class HouseRef(NamedTuple):
    pk: int
    location_code: str


class ImportFailed(BadInput):
    """Nothing was written; `problems` holds one line per problem, naming the row and the column."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} 处问题，未导入任何数据 ({len(self.problems)} problem(s), nothing imported)"
        )


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    moved: int = 0
    houses_created: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def _check(actor, rows: list[PersonRow]) -> tuple[dict, dict, dict]:
    codes = {r.building for r in rows if r.building}
    buildings = {b.code: b for b in Building.objects.visible_to(actor.jurisdiction).filter(code__in=codes)}
    # Plain tuples, not model instances: a file may touch every house of thousands of buildings.
    houses = {
        (bid, unit, floor, room): HouseRef(pk, code)
        for bid, unit, floor, room, pk, code in House.objects.filter(building__in=buildings.values()).values_list(
            "building_id", "unit", "floor", "room", "id", "location_code"
        )
    }
    digests = [r.identity.digest for r in rows if r.identity]
    existing = {bytes(p.id_hash): p for p in Person.objects.filter(id_hash__in=digests).select_related("house")}
    for r in rows:
        b = buildings.get(r.building)
        r.building_id = b.pk if b else None
        if r.building and b is None:
            r.problem("building", f"楼栋编码 {r.building} 不存在或不在您的辖区内 (unknown building)")
        elif b is not None and (r.building_id, r.unit, r.floor, r.room) not in houses and not -5 <= r.floor <= b.floors:
            r.problem("floor", f"楼栋只有 {b.floors} 层 (the building has {b.floors} floors)")
        person = existing.get(r.identity.digest) if r.identity else None
        if person is not None and not actor.jurisdiction.covers(person.location_code):
            r.problem("id_number", "该人员已在其他辖区登记，请由迁出地办理迁移 (registered in another jurisdiction)")
    return buildings, houses, existing


def _new_houses(cursor, rows, buildings, houses) -> list[int]:
    wanted = {}
    for r in rows:
        b = buildings[r.building]
        key = (b.pk, r.unit, r.floor, r.room)
        if key not in houses and key not in wanted:
            wanted[key] = b
    if not wanted:
        return []
    start, now = reserve_ids(cursor, "registry_house", len(wanted)), timezone.now()
    points = {b.pk: f"SRID=4326;POINT({b.point.x} {b.point.y})" for b in buildings.values()}
    copied = []
    for i, ((bid, unit, floor, room), b) in enumerate(wanted.items()):
        houses[(bid, unit, floor, room)] = HouseRef(start + i, b.location_code)
        copied.append(
            (start + i, bid, unit, floor, room, house_address(b, unit, room), points[bid], "owned", "", "", False,
             b.micro_grid_id, b.grid_id, b.community_id, b.street_id, b.location_code, False, now)
        )  # fmt: skip
    copy_rows(
        cursor,
        "COPY registry_house (id, building_id, unit, floor, room, address, point, use, landlord_name, "
        "landlord_phone, group_rental, micro_grid_id, grid_id, community_id, street_id, location_code, "
        "is_demo, updated_at) FROM STDIN",
        copied,
    )
    return [row[0] for row in copied]


def _write(actor, rows, buildings, houses, existing, result: ImportResult):
    today, now = date.today(), timezone.now()
    with connection.cursor() as cursor, bulk_history(cursor, [House, Person, Residence]) as written:
        written[House] = _new_houses(cursor, rows, buildings, houses)
        result.houses_created = len(written[House])
        new = [r for r in rows if r.identity.digest not in existing]
        start = reserve_ids(cursor, "registry_person", len(new))
        copy_rows(
            cursor,
            "COPY registry_person (id, name, gender, birth_date, ethnicity, document_type, id_hash, id_cipher, "
            "phone, registration, status, house_id, location_code, note, is_demo, created_at, updated_at) "
            "FROM STDIN",
            (
                (
                    start + i,
                    r.name,
                    r.gender,
                    r.birth_date,
                    r.ethnicity,
                    r.document_type,
                    r.identity.digest,
                    r.identity.cipher(),
                    r.phone,
                    r.registration,
                    "active",
                    houses[(buildings[r.building].pk, r.unit, r.floor, r.room)].pk if r.lives_there else None,
                    houses[(buildings[r.building].pk, r.unit, r.floor, r.room)].location_code,
                    "",
                    False,
                    now,
                    now,
                )
                for i, r in enumerate(new)
            ),
        )
        link = reserve_ids(cursor, "registry_residence", len(new))
        copy_rows(
            cursor,
            "COPY registry_residence (id, person_id, house_id, relation, since) FROM STDIN",
            (
                (
                    link + i,
                    start + i,
                    houses[(buildings[r.building].pk, r.unit, r.floor, r.room)].pk,
                    r.relation,
                    r.since or today,
                )
                for i, r in enumerate(new)
            ),
        )
        written[Person] = list(range(start, start + len(new)))
        written[Residence] = list(range(link, link + len(new)))
        result.created = len(new)
    for r in rows:
        person = existing.get(r.identity.digest)
        if person is not None:
            result.moved += _update(
                actor, person, r, houses[(buildings[r.building].pk, r.unit, r.floor, r.room)], today
            )
            result.updated += 1


def _update(actor, person: Person, r: PersonRow, house: "HouseRef", today: date) -> int:
    """Bring a registered person up to the row; 1 when they moved house."""
    person.name, person.ethnicity, person.registration = r.name, r.ethnicity or person.ethnicity, r.registration
    person.phone = r.phone or person.phone
    moved = 0
    if r.lives_there and person.house_id != house.pk:
        Residence.objects.current().filter(person=person, relation__in=LIVING).update(until=r.since or today)
        Transfer.objects.create(
            person=person,
            kind=transfer_kind(person.location_code if person.house_id else "", house.location_code),
            from_house_id=person.house_id,
            to_house_id=house.pk,
            from_code=person.location_code if person.house_id else "",
            to_code=house.location_code,
            date=r.since or today,
            reason="批量导入 (import)",
            actor=actor,
        )
        person.house_id, person.location_code, moved = house.pk, house.location_code, 1
    person.save()
    if not Residence.objects.current().filter(person=person, house_id=house.pk).exists():
        Residence.objects.create(person=person, house_id=house.pk, relation=r.relation, since=r.since or today)
    return moved


def import_people(
    actor, data: bytes, filename: str, dry_run: bool = False, progress: Callable[[str], None] | None = None
) -> ImportResult:
    if not privacy.may_edit(actor):
        raise Forbidden("您的角色不能导入人口信息 (your role cannot import)")
    started = time.perf_counter()
    table = read_rows(data, filename)
    if not table:
        raise ImportFailed(["文件为空 (the file is empty)"])
    columns, problems = column_keys(table[0])
    if problems:
        raise ImportFailed(problems)
    rows = parse_rows(table[1:], columns)
    progress and progress(f"parsed {len(rows):,} rows")
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="import_people"):
        buildings, houses, existing = _check(actor, rows)
        problems = [p for r in rows for p in r.problems]
        if problems:
            more = [f"… 另有 {len(problems) - MAX_LISTED} 处 (and more)"] if len(problems) > MAX_LISTED else []
            raise ImportFailed(problems[:MAX_LISTED] + more)
        result = ImportResult(rows=len(rows))
        if not dry_run:
            _write(actor, rows, buildings, houses, existing, result)
    result.seconds = time.perf_counter() - started
    progress and progress(f"imported in {result.seconds:.1f}s")
    return result
