"""Import a layer of streets, communities, grids or micro-grids from a file.

Every feature is validated first and every problem collected (ImportFailed lists them all); only a
clean file is written: upserted by code in one transaction, after which the places whose point lies
in a changed area are located again. Geometries are stored as WGS84 (EPSG:4326) MultiPolygons;
areas are measured in m² in settings.METRIC_SRID.
"""

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import shapely
from django.conf import settings
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.utils import timezone
from pyproj import Transformer

from geo import choices
from geo.crs import UnknownCRS, parse_crs
from geo.errors import BadInput
from geo.models import AdminArea
from grids import area_io
from grids.models import Grid, GridKind, MicroGrid, Place
from grids.services import locate_objects

__all__ = ["LEVELS", "ImportFailed", "ImportOptions", "ImportResult", "import_areas", "same_geometry"]

LEVELS = ("street", "community", "grid", "micro_grid")
MAX_LISTED = 50
BATCH = 2000
OUTSIDE_MAX_M2 = 1.0
OUTSIDE_MAX_SHARE = 0.01
SAME_GEOMETRY_DEGREES = 1e-9  # about 0.1 mm

_CODE_SHAPES = {
    "street": (r"[1-9]\d{5}(?!000)\d{3}000", "12 digits: a 6-digit county code, 3 street digits (not 000), then 000"),
    "community": (r"\d{9}(?!000)\d{3}", "12 digits not ending in 000"),
    "grid": (r"\d{15}", "15 digits: a community code + 3"),
    "micro_grid": (r"\d{18}", "18 digits: a grid code + 3"),
}
_PARENT_CODE = {
    "street": lambda code: code[:6] + "000000",
    "community": lambda code: code[:9] + "000",
    "grid": lambda code: code[:12],
    "micro_grid": lambda code: code[:15],
}
_PARENT_LEVEL = {"street": "district", "community": "street", "grid": "community"}
_PARENT_ATTR = {"street": "parent", "community": "parent", "grid": "community", "micro_grid": "grid"}
_EXTRA_FIELDS = {"street": ["level"], "community": ["level"], "grid": ["street", "kind"]}
_MODEL = {"street": AdminArea, "community": AdminArea, "grid": Grid, "micro_grid": MicroGrid}
# Levels whose polygons the locate index uses (streets are reached through their communities).
_LOCATING_LEVELS = ("community", "grid", "micro_grid")
_LOCATED_FIELDS = ["micro_grid", "grid", "community", "street", "location_code"]


class ImportFailed(BadInput):
    """Nothing was written; `problems` holds one readable line per problem, by row."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        lines = [f"{len(self.problems)} problem(s), nothing imported:"]
        lines += [f"  {p}" for p in self.problems[:MAX_LISTED]]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"  … and {len(self.problems) - MAX_LISTED} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class ImportOptions:
    level: str
    crs: str = "wgs84"  # geo.crs name of the lon/lat coordinates (after any CRS the file declares)
    code_field: str = "code"
    name_field: str = "name"
    parent_field: str | None = None  # None: the parent code is derived from the code
    kind_field: str | None = None  # grids only; None: new grids are comprehensive, existing keep theirs
    layer: str | None = None
    repair: bool = False


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    relocated: int = 0  # places whose location changed


@dataclass
class _Row:
    number: int  # 1-based feature index in the file
    code: str
    name: str = ""
    parent_code: str = ""  # "" when the code is unusable
    kind: str | None = None
    geom: shapely.MultiPolygon | None = None  # None when the geometry is unusable
    problems: list[str] = field(default_factory=list)

    def report(self) -> list[str]:
        return [f"row {self.number} (code {self.code or '—'}): {p}" for p in self.problems]


def _quiet(items: Iterable, desc: str, total: int) -> Iterable:
    return items


def _read_row(number: int, record: dict, geom, options: ImportOptions, coordinate_problem: str | None) -> _Row:
    text = {key: area_io.field_text(record[key]) for key in (options.code_field, options.name_field)}
    row = _Row(number, code=text[options.code_field], name=text[options.name_field])
    pattern, shape = _CODE_SHAPES[options.level]
    if not row.code:
        row.problems.append(f"empty code (field {options.code_field!r})")
    elif not re.fullmatch(pattern, row.code):
        row.problems.append(f"code {row.code!r} has the wrong shape for a {options.level}: expected {shape}")
    else:
        derived = _PARENT_CODE[options.level](row.code)
        row.parent_code = (area_io.field_text(record[options.parent_field]) if options.parent_field else "") or derived
        if row.parent_code != derived:
            row.problems.append(
                f"code does not start with its parent's code {row.parent_code} (it implies parent {derived})"
            )
            row.parent_code = ""  # which of the two is wrong is for the user to say; check neither further
    if not row.name:
        row.problems.append(f"empty name (field {options.name_field!r})")
    elif len(row.name) > 100:
        row.problems.append("name longer than 100 characters")
    if options.kind_field:
        kind = area_io.field_text(record[options.kind_field])
        row.kind = choices.lookup(GridKind).get(kind, GridKind.COMPREHENSIVE if not kind else None)
        if row.kind is None:
            row.problems.append(f"unknown kind {kind!r}; use one of {', '.join(choices.lookup(GridKind))}")
    if coordinate_problem:
        row.problems.append(coordinate_problem)
    else:
        row.geom, problem = area_io.polygonal(geom, options.repair)
        row.problems.extend([problem] if problem else [])
    return row


def _check_fields(source: area_io.SourceLayer, options: ImportOptions):
    if options.kind_field and options.level != "grid":
        raise ImportFailed(["--kind-field applies to grids only"])
    if source.frame.empty:
        raise ImportFailed(["the file has no features"])
    wanted = [options.code_field, options.name_field, options.parent_field, options.kind_field]
    missing = [f for f in wanted if f and f not in source.columns]
    if missing:
        fields = ", ".join(source.columns)
        raise ImportFailed([f"no field {f!r} in the file; its fields are: {fields}" for f in missing])


def _mark_duplicates(rows: list[_Row]):
    first = {}
    for row in rows:
        if row.code and row.code in first:
            row.problems.append(f"duplicate code, also on row {first[row.code]}")
        first.setdefault(row.code, row.number)


def _load_parents(level: str, rows: list[_Row]) -> tuple[dict, dict]:
    """Parents by code, and for grids their streets by code; rows without either get a problem."""
    codes = {r.parent_code for r in rows if r.parent_code}
    model = Grid.objects if level == "micro_grid" else AdminArea.objects.filter(level=_PARENT_LEVEL[level])
    parents = model.in_bulk(codes, field_name="code")
    streets = {}
    if level == "grid":
        street_codes = {r.code[:9] + "000" for r in rows if r.parent_code}
        streets = AdminArea.objects.filter(level="street").in_bulk(street_codes, field_name="code")
    for row in rows:
        if row.parent_code and row.parent_code not in parents:
            row.problems.append(f"unknown parent {row.parent_code} (no such {_PARENT_LEVEL.get(level, 'grid')})")
        elif level == "grid" and row.parent_code and row.code[:9] + "000" not in streets:
            row.problems.append(f"unknown street {row.code[:9]}000")
    return parents, streets


@functools.lru_cache
def _transformer(srid: int) -> Transformer:
    return Transformer.from_crs(4326, srid, always_xy=True)


def _in_metres(geoms: np.ndarray) -> np.ndarray:
    """WGS84 geometries projected to settings.METRIC_SRID (metres)."""
    transformer = _transformer(settings.METRIC_SRID)
    return shapely.transform(geoms, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _shapely(geom: GEOSGeometry):
    return shapely.from_wkb(bytes(geom.wkb))


def _mark_outside_parents(rows: list[_Row], parents: dict):
    """Flag features reaching more than 1 m² (or 1% of themselves) beyond their parent."""
    rows = [r for r in rows if r.geom is not None and r.parent_code in parents]
    parent_geoms = {code: _shapely(parents[code].geom) for code in {r.parent_code for r in rows}}
    features = np.array([r.geom for r in rows], dtype=object)
    outer = np.array([parent_geoms[r.parent_code] for r in rows], dtype=object)
    # A cheap test in degrees first: most features lie well inside their parent.
    suspect = ~shapely.covers(outer, features) if rows else np.zeros(0, dtype=bool)
    # Cut in degrees, where a feature shares its parent's vertices exactly, then measure in metres:
    # projecting first bends the edges apart and shows slivers of tens of m² that are not there.
    outside_m2 = shapely.area(_in_metres(shapely.difference(features[suspect], outer[suspect])))
    shares = outside_m2 / np.maximum(shapely.area(_in_metres(features[suspect])), 1e-12)
    for row, out_m2, share in zip(np.array(rows, dtype=object)[suspect], outside_m2, shares, strict=True):
        limits = [
            text
            for text, over in (("1 m²", out_m2 > OUTSIDE_MAX_M2), ("1% of the feature", share > OUTSIDE_MAX_SHARE))
            if over
        ]
        if limits:
            row.problems.append(
                f"lies outside its parent {row.parent_code}: {out_m2:,.1f} m² ({share:.2%} of the "
                f"feature) is outside, more than {' and '.join(limits)}"
            )


def _validate(source: area_io.SourceLayer, options: ImportOptions, progress) -> tuple[list[_Row], dict, dict]:
    _check_fields(source, options)
    geoms, coordinate_problems = area_io.to_wgs84_geometries(source, options.crs)
    records = source.frame.drop(columns=source.frame.geometry.name).to_dict("records")
    steps = progress(enumerate(zip(records, geoms, strict=True)), "validating", len(geoms))
    rows = [_read_row(i + 1, record, geom, options, coordinate_problems.get(i)) for i, (record, geom) in steps]
    _mark_duplicates(rows)
    parents, streets = _load_parents(options.level, rows)
    _mark_outside_parents(rows, parents)
    problems = [line for row in rows for line in row.report()]
    if problems:
        raise ImportFailed(problems)
    return rows, parents, streets


def same_geometry(a, b) -> bool:
    """True when two shapely geometries have the same vertices within 1e-9 degrees (ring order ignored)."""
    return shapely.equals_exact(shapely.normalize(a), shapely.normalize(b), tolerance=SAME_GEOMETRY_DEGREES)


def _assign(obj, row: _Row, level: str, parents: dict, streets: dict) -> bool:
    """Copy `row` onto `obj`; True when anything changed."""
    values = {"name": row.name, f"{_PARENT_ATTR[level]}_id": parents[row.parent_code].pk}
    if level in ("street", "community"):
        values["level"] = level
    if level == "grid":
        values["street_id"] = streets[row.code[:9] + "000"].pk
        if row.kind:
            values["kind"] = row.kind
    changed = obj.pk is None or any(getattr(obj, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(obj, key, value)
    if obj.pk is None or not same_geometry(_shapely(obj.geom), row.geom):
        obj.geom = GEOSGeometry(memoryview(shapely.to_wkb(row.geom, include_srid=False)), srid=4326)
        changed = True
    return changed


def _location(place: Place) -> tuple:
    return place.micro_grid_id, place.grid_id, place.community_id, place.street_id, place.location_code


def _relocate_places(areas: list) -> int:
    """Locate again the places inside `areas` (shapely, WGS84); the number whose location changed."""
    if not areas:
        return 0
    union = GEOSGeometry(memoryview(shapely.to_wkb(shapely.union_all(areas))), srid=4326)
    places = list(Place.objects.filter(point__intersects=union).only("point", *_LOCATED_FIELDS))
    before = [_location(p) for p in places]
    locate_objects(places)
    moved = [p for p, old in zip(places, before, strict=True) if _location(p) != old]
    Place.objects.bulk_update(moved, _LOCATED_FIELDS, batch_size=BATCH)
    return len(moved)


def _upsert(rows: list[_Row], level: str, parents: dict, streets: dict, dry_run: bool, progress) -> ImportResult:
    model = _MODEL[level]
    existing = model.objects.in_bulk([r.code for r in rows], field_name="code")
    result, created, updated, touched = ImportResult(), [], [], []
    now = timezone.now()
    for row in progress(rows, "writing" if not dry_run else "comparing", len(rows)):
        obj = existing.get(row.code) or model(code=row.code)
        old_geom = None if obj.pk is None else _shapely(obj.geom)
        if not _assign(obj, row, level, parents, streets):
            result.unchanged += 1
            continue
        obj.updated_at = now  # bulk_update skips auto_now
        (updated if old_geom is not None else created).append(obj)
        touched.extend(g for g in (old_geom, row.geom) if g is not None)
    result.created, result.updated = len(created), len(updated)
    if dry_run:
        return result
    model.objects.bulk_create(created, batch_size=BATCH)
    fields = ["name", "geom", "updated_at", _PARENT_ATTR[level], *_EXTRA_FIELDS.get(level, [])]
    model.objects.bulk_update(updated, fields, batch_size=BATCH)
    if level in _LOCATING_LEVELS:
        result.relocated = _relocate_places(touched)
    return result


def import_areas(path, options: ImportOptions, *, dry_run: bool = False, progress=_quiet) -> ImportResult:
    """Validate every feature of `path`, then (unless `dry_run`) upsert them all or nothing.

    `progress(items, description, total)` wraps the loops over features (e.g. a tqdm bar)."""
    if options.level not in LEVELS:
        raise ImportFailed([f"unknown level {options.level!r}; use one of {', '.join(LEVELS)}"])
    try:
        options = dataclasses.replace(options, crs=parse_crs(options.crs))
    except UnknownCRS as exc:
        raise ImportFailed([str(exc)]) from exc
    try:
        source = area_io.read_layer(path, options.layer)
    except area_io.AreaFileError as exc:
        raise ImportFailed([str(exc)]) from exc
    with transaction.atomic():
        rows, parents, streets = _validate(source, options, progress)
        return _upsert(rows, options.level, parents, streets, dry_run, progress)
