"""Import people from an .xlsx or .csv file (the columns of the export) as a user, in one transaction."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from registry.importer.write import ImportFailed, import_people


class Command(BaseCommand):
    help = "Import people (人口) from .xlsx/.csv: nothing is written unless every row is clean."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--as", dest="username", required=True, help="the importing user (jurisdiction, history)")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, *args, path, username, dry_run, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        file = Path(path)
        try:
            result = import_people(
                user, file.read_bytes(), file.name, dry_run=dry_run, progress=lambda s: self.stdout.write(f"  {s}")
            )
        except ImportFailed as exc:
            raise CommandError("\n".join([str(exc), *exc.problems])) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.rows:,} rows: {result.created:,} created, {result.updated:,} updated, "
                f"{result.moved:,} moved, "
                f"{result.houses_created:,} houses added ({result.seconds:.1f}s, {result.rate:,.0f} rows/s)"
                + (" — dry run, nothing written" if dry_run else "")
            )
        )
