"""The query layer registry: what analysts may query, filter, aggregate and export.

Apps register their layers here from their `apps.py` (see grids/query_layers.py), as they register
tile layers, so the analysis app reads every app's data without those apps importing it and `geo`
never imports the apps above it. A layer names its model fields; the analysis app builds every
query from them, always cut to the user's jurisdiction by the code prefix in `code_field`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

__all__ = [
    "QueryLayer",
    "Filter",
    "register",
    "get_layer",
    "all_layers",
    "choice_filter",
    "prefix_filter",
    "bool_filter",
    "related_count",
]


@dataclass(frozen=True)
class Filter:
    """A query-string filter: `to_q(values)` turns the comma-separated values into a condition;
    `choices` (value → label) lists what is accepted, None when free text (a code prefix)."""

    to_q: Callable[[list[str]], Q]
    choices: dict[str, str] | None = None
    help: str = ""


def choice_filter(lookup: str, choices, extra: dict[str, tuple[str, Callable[[], Q]]] | None = None) -> Filter:
    """`?param=a,b`: `lookup` equals one of the values, each one of `choices` (a TextChoices or a
    {value: label} dict); `extra` adds named groups, e.g. {"open": ("未办结", lambda: Q(...))}."""
    labels = dict(choices.choices) if hasattr(choices, "choices") else dict(choices)
    extra = extra or {}

    def to_q(values):
        q = Q(**{f"{lookup}__in": [v for v in values if v in labels]})
        for value in values:
            if value in extra:
                q |= extra[value][1]()
        return q

    return Filter(to_q, {**labels, **{k: label for k, (label, _) in extra.items()}})


def prefix_filter(lookup: str, help: str = "") -> Filter:
    """`?param=a,b`: `lookup` starts with one of the values (codes are hierarchical)."""

    def to_q(values):
        q = Q(pk__in=[])
        for value in values:
            q |= Q(**{f"{lookup}__startswith": value})
        return q

    return Filter(to_q, None, help)


def bool_filter(lookup: str) -> Filter:
    return Filter(lambda values: Q(**{lookup: values[-1] == "true"}), {"true": "是", "false": "否"})


def related_count(rows: QuerySet, link: str):
    """How many of `rows` point at the layer's row through `link` (a foreign key), as a correlated
    subquery: a plain column to the aggregate query, which cannot sum a `Count` annotation."""
    counted = rows.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@dataclass(frozen=True)
class QueryLayer:
    """One layer analysts can query.

    `queryset` gives the layer's rows (select_related as needed); `geom_field` is the geometry the
    spatial predicates use and the features carry (WGS84); `code_field` holds the hierarchical code
    the jurisdiction prefix and `area=` are matched against; `time_field` the timestamp that
    `from`/`to` and OGC `datetime` filter on. `fields` maps output property → ORM path; `numeric`
    names the properties that sums and averages make sense for; `personal` maps a property to the
    function that masks it (analysts never receive those raw, in any output).

    `raw_max_span`: when set, a time window is required and raw features may only be read for
    windows up to that long (fixes); longer windows allow aggregates only. `h3_field` is a column
    holding the H3 res-10 cell (bigint) for aggregates by H3 in SQL; without it the cells are
    computed from the points. `gpx` says how GPX writes the layer: "tracks" or "waypoints"."""

    name: str
    title: str
    queryset: Callable[[], QuerySet]
    geom_field: str
    code_field: str
    fields: dict[str, str]
    geometry_type: str = "Point"
    time_field: str | None = None
    filters: dict[str, Filter] = field(default_factory=dict)
    numeric: tuple[str, ...] = ()
    personal: dict[str, Callable] = field(default_factory=dict)
    raw_max_span: timedelta | None = None
    h3_field: str | None = None
    # A faster source of per-cell counts over the layer's unfiltered rows of a street-level
    # prefix and a window: (prefix, start, end, res) → {cell: count} (fixes: hourly aggregates).
    h3_counts: Callable | None = None
    gpx: str = "waypoints"
    # Published as an OGC API – Features collection (desktop GIS), and one per value of `split_by`.
    ogc: bool = False
    split_by: str | None = None
    description: str = ""

    def rows(self) -> QuerySet:
        return self.queryset()


_layers: dict[str, QueryLayer] = {}


def register(layer: QueryLayer) -> QueryLayer:
    _layers[layer.name] = layer
    return layer


def get_layer(name: str) -> QueryLayer | None:
    return _layers.get(name)


def all_layers() -> list[QueryLayer]:
    return list(_layers.values())
