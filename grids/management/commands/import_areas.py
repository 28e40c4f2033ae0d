"""manage.py import_areas PATH --level grid [--crs gcj02] [--repair] [--dry-run] …"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from geo.crs import CRS_NAMES
from grids.importer import LEVELS, ImportFailed, ImportOptions, import_areas


class Command(BaseCommand):
    help = (
        "Import streets, communities, grids or micro-grids from GeoJSON, GeoPackage or a zipped Shapefile: "
        "every feature is checked first, then all are upserted by code in one transaction, or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help=".geojson/.json, .gpkg, or .zip (zipped Shapefile)")
        parser.add_argument("--level", required=True, choices=LEVELS)
        parser.add_argument(
            "--crs",
            default="wgs84",
            choices=CRS_NAMES,
            help="lon/lat system of the coordinates when the file declares no CRS, or the Chinese "
            "offset (gcj02, bd09) still in them after a declared one (default wgs84)",
        )
        parser.add_argument("--code-field", default="code")
        parser.add_argument("--name-field", default="name")
        parser.add_argument("--parent-field", help="field holding the parent's code (default: derived from the code)")
        parser.add_argument("--kind-field", help="grids: 综合网格/专属网格 or comprehensive/dedicated")
        parser.add_argument("--layer", help="layer to read from a GeoPackage or a multi-layer file")
        parser.add_argument("--repair", action="store_true", help="repair invalid polygons with make_valid")
        parser.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, path, *, level, dry_run, **options):
        show = not options["no_progress"] and options["verbosity"] > 0 and sys.stderr.isatty()

        def progress(items, desc, total):
            return tqdm(items, desc=desc, total=total, file=sys.stderr, disable=not show, unit="feature")

        import_options = ImportOptions(
            level=level,
            crs=options["crs"],
            code_field=options["code_field"],
            name_field=options["name_field"],
            parent_field=options["parent_field"],
            kind_field=options["kind_field"],
            layer=options["layer"],
            repair=options["repair"],
        )
        try:
            result = import_areas(path, import_options, dry_run=dry_run, progress=progress)
        except ImportFailed as exc:
            raise CommandError(str(exc)) from exc
        if dry_run:
            self.stdout.write(
                f"dry run, nothing written: would create {result.created}, update {result.updated}; "
                f"{result.unchanged} unchanged"
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"created {result.created}, updated {result.updated}; {result.unchanged} unchanged; "
                    f"{result.relocated} places relocated"
                )
            )
