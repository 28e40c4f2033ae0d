"""The militia's demo step for `manage.py load_demo` (fixed seed, flagged `is_demo`): the district's
and each town's armed forces department, a company at every demo militia-unit place with two
platoons and ~25 members, a phone account for each company's first member (mb001…, the demo
password), warehouses at the demo warehouse places with stock and its opening movements, shelters
and hospitals from the demo places, generated fuel stations and emergency teams, and plans."""

import numpy as np
import pgtrigger
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import Point
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from geo.models import AdminArea
from grids.demo.names import person_name
from grids.demo.steps import DemoContext, DemoStep
from grids.models import MicroGrid, Place, PlaceKind
from grids.services import locate_objects
from militia.models import (
    AgeBand,
    EmergencyPlan,
    EquipmentKind,
    MilitiaMember,
    MilitiaOrg,
    Movement,
    MovementReason,
    Notice,
    OrgLevel,
    Resource,
    ResourceKind,
    Speciality,
    Stock,
)
from tracking.models import Device

__all__ = ["STEP"]

SEED = 16
_LOCATED = ("micro_grid_id", "grid_id", "community_id", "street_id", "location_code")
PLANS = [
    ("新北区防汛防台专项应急预案", "防汛", "3", True),
    ("新北区森林火灾应急预案", "消防", "4", True),
    ("新北区危险化学品事故应急预案", "危化品", "3", True),
    ("新北区地震应急预案", "地震", "2", False),
]


def _located_like(obj, source):
    for f in _LOCATED:
        setattr(obj, f, getattr(source, f))
    return obj


def _orgs(rng) -> tuple[list[MilitiaOrg], list[MilitiaOrg]]:
    district_code = settings.DISTRICT_CODE + "000000"
    district = MilitiaOrg.objects.create(
        name="新北区人武部", level=OrgLevel.DISTRICT, location_code=district_code, is_demo=True, commander="周建国"
    )
    streets = {}
    for area in AdminArea.objects.filter(level="street", code__startswith=settings.DISTRICT_CODE).order_by("code"):
        streets[area.code[:9]] = MilitiaOrg.objects.create(
            name=f"{area.name}武装部",
            level=OrgLevel.STREET,
            parent=district,
            location_code=area.code,
            street=area,
            is_demo=True,
            commander=person_name(rng),
        )
    companies = []
    for place in Place.objects.filter(kind=PlaceKind.MILITIA_UNIT, is_demo=True).order_by("id"):
        street = streets.get(place.location_code[:9])
        if street is None:
            continue
        name = place.name if place.name.endswith("连") else f"{place.name.removesuffix('排').removesuffix('哨所')}连"
        company = MilitiaOrg(
            name=name,
            level=OrgLevel.COMPANY,
            parent=street,
            point=place.point,
            is_demo=True,
            commander=person_name(rng),
            phone=f"0519{int(rng.integers(10**7, 10**8))}",
        )
        companies.append(_located_like(company, place))
    companies = MilitiaOrg.objects.bulk_create(companies)
    platoons = [
        _located_like(MilitiaOrg(name=f"{c.name}{n}", level=OrgLevel.PLATOON, parent=c, point=c.point, is_demo=True), c)
        for c in companies
        for n in ("一排", "二排")
    ]
    return companies, MilitiaOrg.objects.bulk_create(platoons)


def _members(rng, companies, platoons, password) -> int:
    specialities = Speciality.values
    weights = np.array([40, 12, 8, 12, 8, 6, 6, 5, 3], dtype=float)
    by_company = {}
    for p in platoons:
        by_company.setdefault(p.parent_id, []).append(p)
    members, seq = [], 0
    for c in companies:
        units = [c, *by_company.get(c.pk, [])]
        for i in range(int(rng.integers(20, 31))):
            seq += 1
            dx, dy = rng.normal(0, 0.006, 2)
            members.append(
                MilitiaMember(
                    name=person_name(rng),
                    org=units[i % len(units)],
                    is_demo=True,
                    speciality=specialities[rng.choice(len(specialities), p=weights / weights.sum())],
                    age_band=AgeBand.values[int(rng.choice(4, p=[0.35, 0.4, 0.2, 0.05]))],
                    phone=f"150{seq:08d}",
                    on_call=bool(rng.random() < 0.8),
                    point=Point(c.point.x + dx, c.point.y + dy, srid=4326),
                )
            )
    members = MilitiaMember.objects.bulk_create(members, batch_size=2000)
    # One phone account per company: its first member (mb001…), who clocks in and receives notices.
    first = {}
    for m in members:
        company = m.org if m.org.level == OrgLevel.COMPANY else m.org.parent
        first.setdefault(company.pk, m)
    users = User.objects.bulk_create(
        [
            User(
                username=f"mb{n:03d}",
                first_name=m.name,
                role=Role.MILITIA,
                phone=m.phone,
                password=password,
                is_demo=True,
            )
            for n, m in enumerate(first.values(), start=1)
        ]
    )
    for user, m in zip(users, first.values(), strict=True):
        m.user, m.on_call = user, True
    MilitiaMember.objects.bulk_update(list(first.values()), ["user", "on_call"])
    Device.objects.bulk_create([Device(user=u, name=f"{u.first_name}的手机") for u in users])
    return len(members)


def _resources(rng, companies) -> list[Resource]:
    org_of_street = {}
    for c in companies:
        org_of_street.setdefault(c.location_code[:9], c)
    resources = []
    for kind, place_kind, low, high in (
        (ResourceKind.WAREHOUSE, PlaceKind.WAREHOUSE, 200, 2000),
        (ResourceKind.SHELTER, PlaceKind.SHELTER, 200, 3000),
        (ResourceKind.HOSPITAL, PlaceKind.HOSPITAL, 50, 800),
    ):
        for place in Place.objects.filter(kind=place_kind, is_demo=True).order_by("id"):
            capacity = int(rng.integers(low, high))
            resources.append(
                _located_like(
                    Resource(
                        kind=kind,
                        name=place.name,
                        point=place.point,
                        capacity=capacity,
                        is_demo=True,
                        available=int(capacity * rng.uniform(0.3, 1.0)) if kind != ResourceKind.WAREHOUSE else None,
                        contact=person_name(rng),
                        phone=f"0519{int(rng.integers(10**7, 10**8))}",
                        org=org_of_street.get(place.location_code[:9]) if kind == ResourceKind.WAREHOUSE else None,
                    ),
                    place,
                )
            )
    micro = list(MicroGrid.objects.filter(is_demo=True).order_by("code").values_list("code", "geom"))
    extra = []
    for kind, label, count, low, high in (
        (ResourceKind.FUEL_STATION, "加油站", 40, 20000, 60000),
        (ResourceKind.EMERGENCY_TEAM, "应急救援队", 20, 10, 60),
    ):
        for i in rng.choice(len(micro), count, replace=False):
            code, geom = micro[int(i)]
            extra.append(
                Resource(
                    kind=kind,
                    name=f"{code[-6:]}{label}",
                    point=geom.point_on_surface,
                    is_demo=True,
                    capacity=int(rng.integers(low, high)),
                    contact=person_name(rng),
                    phone=f"0519{int(rng.integers(10**7, 10**8))}",
                )
            )
    locate_objects(extra)
    return Resource.objects.bulk_create(resources + extra, batch_size=2000)


def _stock(rng, warehouses):
    now = timezone.now()
    stock, moves = [], []
    for w in warehouses:
        for kind in rng.choice(EquipmentKind.values, int(rng.integers(4, 9)), replace=False):
            quantity = int(rng.integers(5, 200))
            stock.append(Stock(warehouse=w, kind=kind, quantity=quantity))
            moves.append(
                Movement(
                    warehouse=w,
                    kind=kind,
                    condition="good",
                    delta=quantity,
                    balance=quantity,
                    reason=MovementReason.IN,
                    note="期初入库 (opening stock)",
                    actor_name="演示数据",
                    time=now,
                )
            )
            w.stock_total += quantity
    Stock.objects.bulk_create(stock)
    Movement.objects.bulk_create(moves)
    Resource.objects.bulk_update(warehouses, ["stock_total"])


def load(ctx: DemoContext) -> None:
    if MilitiaOrg.objects.filter(is_demo=True).exists():
        return
    say = ctx.say
    rng = np.random.default_rng(SEED)
    say("民兵组织 militia")
    companies, platoons = _orgs(rng)
    members = _members(rng, companies, platoons, make_password(settings.DEMO_PASSWORD))
    say("应急资源 resources")
    resources = _resources(rng, companies)
    _stock(rng, [r for r in resources if r.kind == ResourceKind.WAREHOUSE])
    district = settings.DISTRICT_CODE + "000000"
    EmergencyPlan.objects.bulk_create(
        [
            EmergencyPlan(
                title=t,
                category=c,
                level=lv,
                online=on,
                owner_code=district,
                is_demo=True,
                summary=f"{t}：明确组织指挥体系、预警分级、应急响应与保障措施。",
            )
            for t, c, lv, on in PLANS
        ]
    )
    say(f"{len(companies)} 民兵连, {members} 民兵, {len(resources)} 应急资源")


def delete():
    """Remove the demo militia, its history included (append-only logs are opened for demo rows only)."""
    from militia.models import Emergency, MilitiaTask, TaskApproval

    tasks = MilitiaTask.objects.filter(requested_by__is_demo=True)
    with pgtrigger.ignore("militia.Movement:append_only", "militia.TaskApproval:append_only"):
        Movement.objects.filter(Q(warehouse__is_demo=True) | Q(task__in=tasks)).delete()
        TaskApproval.objects.filter(task__in=tasks).delete()
    Notice.objects.filter(sender__is_demo=True).delete()
    tasks.delete()
    Emergency.objects.filter(plan__is_demo=True).delete()
    Stock.objects.filter(warehouse__is_demo=True).delete()
    User.objects.filter(is_demo=True, role=Role.MILITIA).delete()
    MilitiaMember.objects.filter(Q(is_demo=True) | Q(org__is_demo=True)).delete()  # imported into demo units too
    Resource.objects.filter(is_demo=True).delete()
    for level in (OrgLevel.PLATOON, OrgLevel.COMPANY, OrgLevel.STREET, OrgLevel.DISTRICT):
        MilitiaOrg.objects.filter(is_demo=True, level=level).delete()
    EmergencyPlan.objects.filter(is_demo=True).delete()


STEP = DemoStep(700, "民兵与应急 militia", load, delete, add_on=True)
