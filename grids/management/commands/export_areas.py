"""manage.py export_areas PATH --level grid [--format geojson|gpkg|shp] [--within CODE]"""

from django.core.management.base import BaseCommand, CommandError

from grids.area_io import AreaFileError, export_frame, format_for, write_layer
from grids.importer import LEVELS


class Command(BaseCommand):
    help = "Export one level of areas (EPSG:4326) with fields code, name, parent, level (and kind for grids)."

    def add_arguments(self, parser):
        parser.add_argument("path", help=".geojson/.json, .gpkg, or .zip for a zipped Shapefile")
        parser.add_argument("--level", required=True, choices=LEVELS)
        parser.add_argument("--format", choices=("geojson", "gpkg", "shp"), help="default: from the path's suffix")
        parser.add_argument("--within", metavar="CODE", help="only the areas inside this area code")

    def handle(self, path, *, level, **options):
        try:
            fmt = format_for(path, options["format"])
            frame = export_frame(level, options["within"])
            write_layer(path, frame, fmt, layer=level)
        except AreaFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"exported {len(frame)} {level} area(s) to {path}"))
