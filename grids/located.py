"""The registry of located tables: every app whose rows carry micro-grid/grid/community/street keys
and a location code registers them here from its AppConfig.ready, so a grid adjustment can
re-locate them in the changed area without grids importing any of those apps.

A table with a point is re-located spatially; one without (`point=None`: visits, people) follows
the code map (old micro-grid or grid code → new). A key set to None is a column the table lacks.
Positions (historic fixes) are deliberately not registered: they keep what they were recorded in."""

from dataclasses import dataclass

__all__ = ["LocatedTable", "register_located", "located_tables"]


@dataclass(frozen=True)
class LocatedTable:
    label: str  # what the preview counts them as: "places", "events"…
    model: type
    point: str | None = "point"
    micro_grid: str | None = "micro_grid"
    grid: str | None = "grid"
    community: str | None = "community"
    street: str | None = "street"
    code: str = "location_code"

    def column(self, field: str | None) -> str | None:
        return None if field is None else self.model._meta.get_field(field).column

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def pk_column(self) -> str:
        return self.model._meta.pk.column


_tables: dict[str, LocatedTable] = {}


def register_located(model, label: str, **columns) -> None:
    """Register `model` as located; `columns` override the LocatedTable field names."""
    _tables[label] = LocatedTable(label=label, model=model, **columns)


def located_tables() -> list[LocatedTable]:
    return list(_tables.values())
