"""Load the registry demo (以房管人) into the demo district: ~60,000 buildings, ~400,000 houses,
~1,000,000 people, ~2% in groups; a few minutes, with COPY. Idempotent; --reset reloads."""

from django.core.management.base import BaseCommand, CommandError

from registry.demo.load import delete_registry_demo, load_registry_demo
from registry.models import Person


class Command(BaseCommand):
    help = "Load the registry demo (buildings, houses, people, groups, organisations) into the demo district."

    def add_arguments(self, parser):
        parser.add_argument("--buildings", type=int, default=60_000, help="about this many buildings (default 60000)")
        parser.add_argument("--within", default="", help="only under this area code prefix")
        parser.add_argument("--seed", type=int, default=14)
        parser.add_argument("--reset", action="store_true", help="delete the demo registry first")

    def handle(self, *args, buildings, within, seed, reset, **options):
        if reset:
            delete_registry_demo()
        elif Person.objects.filter(is_demo=True).exists():
            self.stdout.write("人口演示数据已存在 (registry demo already loaded); use --reset to reload")
            return
        try:
            counts = load_registry_demo(buildings, within, seed, log=self.stdout.write)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"人口房屋演示数据已加载 (registry demo loaded): {counts}"))
