"""Write the registry demo (registry/demo/generate.py) with COPY, in one transaction.

Ids are reserved from each table's sequence up front so rows can reference each other without a
round trip per row; the per-area count triggers fire once per COPY; history (pghistory) triggers
are switched off for the load — demo rows have no history to keep — and on again before commit."""

import time
from collections.abc import Callable
from datetime import date

import numpy as np
import shapely
from django.db import connection, transaction

from geo.models import AdminArea
from grids.locate import locate_many
from grids.models import GridMember, MemberRole, MicroGrid
from registry.bulk import copy_rows, reserve_ids
from registry.crypto import encrypt_id, id_hash
from registry.demo.generate import generate, lattice
from registry.models import Building, GroupKind, House, Person

__all__ = ["load_registry_demo", "delete_registry_demo", "HISTORY_TABLES"]

HISTORY_TABLES = [
    "registry_building",
    "registry_house",
    "registry_person",
    "registry_residence",
    "registry_groupmembership",
    "registry_organisation",
]
_ORG_SUFFIX = ["贸易有限公司", "餐饮店", "便利店", "科技有限公司", "物业服务中心", "维修部", "药房", "棋牌室"]


# COPY targets: table (columns), written here.
BUILDING = (
    "registry_building (id, code, name, address, kind, floors, units, footprint, point, micro_grid_id, "
    "grid_id, community_id, street_id, location_code, is_demo, updated_at)"
)
HOUSE = (
    "registry_house (id, building_id, unit, floor, room, address, point, use, landlord_name, "
    "landlord_phone, rent_from, rent_until, group_rental, micro_grid_id, grid_id, community_id, "
    "street_id, location_code, is_demo, updated_at)"
)
PERSON = (
    "registry_person (id, name, gender, birth_date, ethnicity, document_type, id_hash, id_cipher, phone, "
    "registration, status, house_id, location_code, note, is_demo, created_at, updated_at)"
)
RESIDENCE = "registry_residence (person_id, house_id, relation, since)"
GROUPMEMBERSHIP = (
    "registry_groupmembership (person_id, kind_id, level, responsible_id, visit_every_days, since, "
    "location_code, note, is_demo)"
)
ORGANISATION = (
    "registry_organisation (name, kind, credit_code, address, point, legal_representative, contact_name, "
    "contact_phone, micro_grid_id, grid_id, community_id, street_id, location_code, is_demo, updated_at)"
)


def _history_triggers(cursor, enable: bool):
    if enable:  # foreign keys are checked at commit; run those checks now so the tables can be altered
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute(
        "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'pgtrigger_%%'"
        " AND tgname NOT LIKE '%%append_only%%' AND tgrelid::regclass::text = ANY(%s)",
        [HISTORY_TABLES],
    )
    for table, name in cursor.fetchall():
        cursor.execute(f'ALTER TABLE {table} {"ENABLE" if enable else "DISABLE"} TRIGGER "{name}"')  # catalogue names


def _copy(cursor, target: str, rows):
    copy_rows(cursor, f"COPY {target} FROM STDIN", rows)  # "table (columns)" written in this module


def _ids(cursor, table: str, n: int) -> np.ndarray:
    start = reserve_ids(cursor, table, n)
    return np.arange(start, start + n, dtype=np.int64)


def _date(d):
    return None if np.isnat(d) else d.astype(object)


def _sites(within: str, buildings: int, seed: int):
    micro = MicroGrid.objects.filter(code__startswith=within) if within else MicroGrid.objects.all()
    geoms = shapely.from_wkb([bytes(g.ewkb) for g in micro.values_list("geom", flat=True)])
    if not len(geoms):
        raise ValueError(f"no micro-grids under {within!r}: load the demo district first")
    lat = shapely.bounds(geoms)[:, 1].mean()
    area = shapely.area(geoms).sum() * 110_540.0**2 * np.cos(np.radians(lat))
    union_bounds = shapely.total_bounds(geoms)
    xy = lattice(union_bounds, area, buildings, np.random.default_rng(seed))
    located = locate_many(xy[:, 0], xy[:, 1])
    keep = (located.micro_grid_id != -1) & np.array([c.startswith(within) for c in located.code])
    return xy[keep], located, keep


def load_registry_demo(
    buildings: int = 60_000, within: str = "", seed: int = 14, log: Callable[[str], None] = print
) -> dict:
    started = time.monotonic()
    xy, located, keep = _sites(within, buildings, seed)
    codes = located.code[keep]
    streets = dict(AdminArea.objects.filter(level="street").values_list("code", "name"))
    from django.conf import settings

    demo = generate(xy, codes, streets, settings.DISTRICT_CODE, seed=seed)
    log(f"  generated in {time.monotonic() - started:.0f}s")
    b, h, p, g = demo.buildings, demo.houses, demo.people, demo.groups
    loc = {k: getattr(located, k)[keep] for k in ("micro_grid_id", "grid_id", "community_id", "street_id")}
    now = time.strftime("%Y-%m-%d %H:%M:%S+08")
    with transaction.atomic(), connection.cursor() as cursor:
        _history_triggers(cursor, enable=False)
        bid = _ids(cursor, Building._meta.db_table, len(codes))
        _copy(
            cursor,
            BUILDING,
            (
                (
                    int(bid[i]),
                    b["code"][i],
                    b["name"][i],
                    b["address"][i],
                    b["kind"][i],
                    int(b["floors"][i]),
                    int(b["units"][i]),
                    "SRID=4326;" + b["footprint"][i],
                    f"SRID=4326;POINT({b['x'][i]} {b['y'][i]})",
                    int(loc["micro_grid_id"][i]),
                    int(loc["grid_id"][i]),
                    int(loc["community_id"][i]),
                    int(loc["street_id"][i]),
                    codes[i],
                    True,
                    now,
                )
                for i in range(len(codes))
            ),
        )
        log(f"  buildings {len(codes):,} ({time.monotonic() - started:.0f}s)")
        hid = _ids(cursor, House._meta.db_table, len(h["use"]))
        hb = h["building"]
        _copy(
            cursor,
            HOUSE,
            (
                (
                    int(hid[i]),
                    int(bid[hb[i]]),
                    h["unit"][i],
                    int(h["floor"][i]),
                    h["room"][i],
                    h["address"][i],
                    f"SRID=4326;POINT({b['x'][hb[i]]} {b['y'][hb[i]]})",
                    h["use"][i],
                    h["landlord_name"][i],
                    h["landlord_phone"][i],
                    _date(h["rent_from"][i]),
                    _date(h["rent_until"][i]),
                    bool(h["group_rental"][i]),
                    int(loc["micro_grid_id"][hb[i]]),
                    int(loc["grid_id"][hb[i]]),
                    int(loc["community_id"][hb[i]]),
                    int(loc["street_id"][hb[i]]),
                    codes[hb[i]],
                    True,
                    now,
                )
                for i in range(len(hb))
            ),
        )
        log(f"  houses {len(hb):,} ({time.monotonic() - started:.0f}s)")
        pid = _ids(cursor, Person._meta.db_table, len(p["name"]))
        ph = p["house"]
        pcode = codes[hb[ph]]

        def people():
            for i in range(len(ph)):
                digest = id_hash(p["number"][i])
                yield (
                    int(pid[i]),
                    p["name"][i],
                    p["gender"][i],
                    p["birth_date"][i].astype(object),
                    p["ethnicity"][i],
                    p["document_type"][i],
                    digest,
                    encrypt_id(p["number"][i], digest),
                    p["phone"][i],
                    p["registration"][i],
                    "active",
                    int(hid[ph[i]]),
                    pcode[i],
                    "",
                    True,
                    now,
                    now,
                )

        _copy(
            cursor,
            PERSON,
            people(),
        )
        log(f"  people {len(ph):,} ({time.monotonic() - started:.0f}s)")
        since = date.today().replace(year=date.today().year - 3)
        _copy(
            cursor,
            RESIDENCE,
            ((int(pid[i]), int(hid[ph[i]]), p["relation"][i], since) for i in range(len(ph))),
        )
        log(f"  residences ({time.monotonic() - started:.0f}s)")
        kinds = dict(GroupKind.objects.values_list("code", "id"))
        days = dict(GroupKind.objects.values_list("code", "visit_every_days"))
        workers = dict(
            GridMember.objects.filter(role=MemberRole.WORKER).values_list("grid__code", "user_id").order_by("-id")
        )
        gp = g["person"]
        _copy(
            cursor,
            GROUPMEMBERSHIP,
            (
                (
                    int(pid[gp[i]]),
                    kinds[g["kind"][i]],
                    g["level"][i],
                    workers.get(pcode[gp[i]][:15]),
                    days[g["kind"][i]],
                    g["since"][i].astype(object),
                    pcode[gp[i]],
                    "",
                    True,
                )
                for i in range(len(gp))
            ),
        )
        orgs = np.flatnonzero(np.isin(b["kind"], ["commercial", "mixed"]))
        _copy(
            cursor,
            ORGANISATION,
            (
                (
                    b["address"][i].split("路")[-1].removesuffix("号") + "号" + _ORG_SUFFIX[i % len(_ORG_SUFFIX)],
                    "individual" if i % 3 else "enterprise",
                    "",
                    b["address"][i],
                    f"SRID=4326;POINT({b['x'][i]} {b['y'][i]})",
                    "",
                    "",
                    "",
                    int(loc["micro_grid_id"][i]),
                    int(loc["grid_id"][i]),
                    int(loc["community_id"][i]),
                    int(loc["street_id"][i]),
                    codes[i],
                    True,
                    now,
                )
                for i in orgs
            ),
        )
        _history_triggers(cursor, enable=True)
        for table in HISTORY_TABLES:
            cursor.execute(f"ANALYZE {table}")  # names from the list above
    counts = {
        "buildings": len(codes),
        "houses": len(hb),
        "people": len(ph),
        "groups": len(gp),
        "organisations": len(orgs),
    }
    log(f"  done in {time.monotonic() - started:.0f}s: {counts}")
    return counts


def delete_registry_demo():
    """Remove every demo registry row (and the warnings, links and counts that hang off them)."""
    with transaction.atomic(), connection.cursor() as cursor:
        _history_triggers(cursor, enable=False)
        cursor.execute(
            "DELETE FROM registry_warning WHERE person_id IN (SELECT id FROM registry_person WHERE is_demo)"
            " OR house_id IN (SELECT id FROM registry_house WHERE is_demo)"
        )
        cursor.execute("DELETE FROM registry_groupmembership WHERE is_demo")
        cursor.execute(
            "DELETE FROM registry_residence WHERE person_id IN (SELECT id FROM registry_person WHERE is_demo)"
        )
        cursor.execute(
            "DELETE FROM registry_organisation_buildings WHERE organisation_id IN "
            "(SELECT id FROM registry_organisation WHERE is_demo)"
        )
        for table in ("registry_organisation", "registry_person", "registry_house", "registry_building"):
            cursor.execute(f"DELETE FROM {table} WHERE is_demo")  # names from this list
        _history_triggers(cursor, enable=True)
