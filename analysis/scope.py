"""Which rows a query reads: a registered layer cut to the user's jurisdiction, optionally to an
area (by code prefix: every located row keeps its codes, so no point-in-polygon at read time), a
time window on the layer's time field, and the layer's own filters."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet

from analysis import conf
from geo.errors import BadInput, NotFound
from geo.jurisdiction import Jurisdiction, level_of_code, prefix_of
from geo.models import AdminArea
from geo.query_layers import QueryLayer, all_layers, get_layer
from grids.models import Grid, MicroGrid

__all__ = ["Scope", "make_scope", "layer_named", "area_prefix"]


@dataclass(frozen=True)
class Scope:
    layer: QueryLayer
    prefix: str  # code prefix every row must start with: the jurisdiction's, narrowed by `area`
    start: datetime | None = None
    end: datetime | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    where: dict = field(default_factory=dict)  # further ORM lookups, e.g. a drawn geometry's

    def rows(self) -> QuerySet:
        layer = self.layer
        qs = layer.rows()
        if self.prefix:
            qs = qs.filter(**{f"{layer.code_field}__startswith": self.prefix})
        if self.start is not None:
            qs = qs.filter(**{f"{layer.time_field}__gte": self.start})
        if self.end is not None:
            qs = qs.filter(**{f"{layer.time_field}__lt": self.end})
        condition = Q()
        for name, values in self.filters.items():
            condition &= layer.filters[name].to_q(values)
        return qs.filter(condition, **self.where)

    @property
    def span(self) -> timedelta | None:
        return self.end - self.start if self.start and self.end else None


def layer_named(name: str | None) -> QueryLayer:
    layer = get_layer(name or "")
    if layer is None:
        names = ", ".join(sorted(lay.name for lay in all_layers()))
        raise BadInput(f"layer: 未知图层 {name!r} (unknown layer; one of {names})", field="layer")
    return layer


def _area_exists(code: str, level: str) -> bool:
    model = {"grid": Grid, "micro_grid": MicroGrid}.get(level, AdminArea)
    return model.objects.filter(code=code).exists()


def area_prefix(jurisdiction: Jurisdiction, area: str | None) -> str:
    """The code prefix of the jurisdiction narrowed to `area` (a street, community, grid or
    micro-grid code). An area outside the jurisdiction, or none at all, is a 404, as by id."""
    if jurisdiction.prefix is None:
        raise NotFound("您没有辖区，无法查询 (no jurisdiction: nothing to query)", field="area")
    if not area:
        return jurisdiction.prefix
    try:
        level, prefix = level_of_code(area), prefix_of(area)
    except ValueError:
        raise BadInput(f"area: 编码格式不对 {area!r} (12, 15 or 18 digits)", field="area") from None
    if prefix.startswith(jurisdiction.prefix):
        narrowed = prefix
    elif jurisdiction.prefix.startswith(prefix):
        narrowed = jurisdiction.prefix
    else:
        narrowed = None
    if narrowed is None or not _area_exists(area, level):
        raise NotFound(f"area: 区域 {area} 不存在或不在您的辖区内 (no such area in your jurisdiction)", field="area")
    return narrowed


def _check_window(layer: QueryLayer, start, end, raw: bool):
    if (start or end) and not layer.time_field:
        raise BadInput(f"from/to: 图层 {layer.name} 没有时间字段 (the layer has no time)", field="from")
    if start and end and not start < end:
        raise BadInput("from: 须早于 to (from must be before to)", field="from")
    if start and end and end - start > timedelta(days=conf.MAX_SPAN_DAYS):
        raise BadInput(f"to: 时间跨度不能超过 {conf.MAX_SPAN_DAYS} 天 (window too long)", field="to")
    if layer.raw_max_span is None:
        return
    if not (start and end):
        raise BadInput(f"from/to: 图层 {layer.name} 须指定时间范围 (a time window is required)", field="from")
    if raw and end - start > layer.raw_max_span:
        hours = layer.raw_max_span.total_seconds() / 3600
        raise BadInput(
            f"to: {layer.title} 原始数据最多查询 {hours:g} 小时，更长时间请用汇总 "
            f"(raw rows for at most {hours:g} h; use aggregate for longer windows)",
            field="to",
        )


def _check_filters(layer: QueryLayer, filters: dict[str, str]) -> dict[str, list[str]]:
    out = {}
    for name, text in filters.items():
        spec = layer.filters.get(name)
        if spec is None:
            known = ", ".join(layer.filters) or "none"
            raise BadInput(f"{name}: 图层 {layer.name} 不支持此筛选 (filters: {known})", field=name)
        values = [v.strip() for v in str(text).split(",") if v.strip()]
        if not values:
            continue
        unknown = [v for v in values if spec.choices is not None and v not in spec.choices]
        if unknown:
            raise BadInput(f"{name}: 未知取值 {unknown[0]!r} (one of {', '.join(spec.choices)})", field=name)
        out[name] = values
    return out


def make_scope(
    layer: QueryLayer,
    jurisdiction: Jurisdiction,
    *,
    area: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    filters: dict[str, str] | None = None,
    raw: bool = True,
) -> Scope:
    """A checked scope; `raw` says the caller reads rows (not aggregates), which some layers limit."""
    _check_window(layer, start, end, raw)
    return Scope(
        layer=layer,
        prefix=area_prefix(jurisdiction, area),
        start=start,
        end=end,
        filters=_check_filters(layer, filters or {}),
    )
