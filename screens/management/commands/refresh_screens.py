"""`manage.py refresh_screens [--days N]`: fill the screens' summary tables now (N local days back,
for a first load or after an import; the periodic job keeps the last two days fresh)."""

from django.core.management.base import BaseCommand

from screens.services import refresh


class Command(BaseCommand):
    help = "Refresh the big screens' summary tables"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="local days back to recompute (default 2)")

    def handle(self, *args, days=None, **options):
        result = refresh(days=days)
        if options["verbosity"]:
            self.stdout.write(", ".join(f"{k}={v}" for k, v in result.items()))
