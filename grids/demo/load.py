"""grids' demo steps: the generated district's areas, grids, micro-grids and places, and its
people (operators, analysts, one grid leader and one grid worker per grid)."""

import shapely
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import GEOSGeometry

from accounts.models import Role, User
from geo.models import AdminArea
from grids.demo.steps import DemoContext, DemoStep, register
from grids.models import Grid, GridMember, MemberRole, MicroGrid, Place
from grids.services import locate_objects, representative_point

__all__ = ["register_steps", "BATCH"]

BATCH = 2000


def geos(geom) -> GEOSGeometry:
    return GEOSGeometry(memoryview(shapely.to_wkb(geom, include_srid=False)), srid=4326)


def load_areas(ctx: DemoContext):
    for area in ctx.district.areas:  # parents come before children
        ctx.areas[area.code] = AdminArea.objects.create(
            code=area.code,
            name=area.name,
            level=area.level,
            parent=ctx.areas.get(area.parent_code),
            geom=geos(area.geom),
            is_demo=True,
        )


def load_grids(ctx: DemoContext):
    grids = Grid.objects.bulk_create(
        [
            Grid(
                code=g.code,
                name=g.name,
                kind=g.kind,
                community=ctx.areas[g.community_code],
                street=ctx.areas[g.community_code[:9] + "000"],
                geom=geos(g.geom),
                is_demo=True,
            )
            for g in ctx.district.grids
        ],
        batch_size=BATCH,
    )
    ctx.grids.update((g.code, g) for g in grids)


def load_micro_grids(ctx: DemoContext):
    MicroGrid.objects.bulk_create(
        [
            MicroGrid(code=m.code, name=m.name, grid=ctx.grids[m.grid_code], geom=geos(m.geom), is_demo=True)
            for m in ctx.district.micro_grids
        ],
        batch_size=BATCH,
    )


def load_places(ctx: DemoContext):
    places = []
    for p in ctx.district.places:
        geom = geos(p.geom)
        places.append(
            Place(
                kind=p.kind,
                name=p.name,
                geom=geom,
                point=representative_point(geom),
                attributes=p.attributes,
                is_demo=True,
            )
        )
    locate_objects(places)
    Place.objects.bulk_create(places, batch_size=BATCH)


def load_people(ctx: DemoContext):
    # One hash for every demo account: hashing 2,000 passwords one by one would take minutes.
    password = make_password(settings.DEMO_PASSWORD)
    district = settings.DISTRICT_CODE + "000000"
    users = [
        User(username="district", first_name="区指挥中心", role=Role.COMMAND_OPERATOR, jurisdiction_code=district),
        User(username="gisadmin", first_name="GIS管理员", role=Role.GIS_ADMIN, jurisdiction_code=district),
        User(username="analyst", first_name="分析员", role=Role.ANALYST, jurisdiction_code=district),
    ]
    for area in ctx.district.areas:
        if area.level == "street":
            users.append(
                User(
                    username=f"street{area.code[6:9]}",
                    first_name=f"{area.name}操作员",
                    role=Role.STREET_OPERATOR,
                    jurisdiction_code=area.code,
                )
            )
    for w in ctx.district.workers:
        role = Role.GRID_LEADER if w.role == MemberRole.LEADER else Role.GRID_WORKER
        users.append(
            User(username=w.username, first_name=w.full_name, role=role, jurisdiction_code=w.grid_code, phone=w.phone)
        )
    for u in users:
        u.password, u.is_demo, u.is_staff = password, True, u.role == Role.GIS_ADMIN
    ctx.users.update((u.username, u) for u in User.objects.bulk_create(users, batch_size=BATCH))
    GridMember.objects.bulk_create(
        [
            GridMember(user=ctx.users[w.username], grid=ctx.grids[w.grid_code], role=w.role)
            for w in ctx.district.workers
        ],
        batch_size=BATCH,
    )


def delete_people():
    User.objects.filter(is_demo=True).delete()


def delete_district():
    Place.objects.filter(is_demo=True).delete()
    MicroGrid.objects.filter(is_demo=True).delete()
    Grid.objects.filter(is_demo=True).delete()
    for level in ("community", "street", "district"):
        AdminArea.objects.filter(is_demo=True, level=level).delete()


def register_steps():
    register("grids.areas", DemoStep(100, "行政区域 areas", load_areas, delete_district))
    register("grids.grids", DemoStep(200, "网格 grids", load_grids))
    register("grids.micro_grids", DemoStep(300, "微网格 micro-grids", load_micro_grids))
    register("grids.places", DemoStep(400, "场所 places", load_places))
    register("grids.people", DemoStep(500, "账户 accounts", load_people, delete_people))
