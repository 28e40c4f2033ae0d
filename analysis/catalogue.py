"""The registered query layers described for clients: the query API's layer list, the workbench
and the OGC API collections all read this."""

from geo.query_layers import QueryLayer, all_layers

__all__ = ["describe", "layers"]


def describe(layer: QueryLayer) -> dict:
    return {
        "name": layer.name,
        "title": layer.title,
        "description": layer.description,
        "geometry_type": layer.geometry_type,
        "fields": list(layer.fields),
        "numeric": list(layer.numeric),
        "personal": sorted(layer.personal),
        "time_field": layer.time_field
        and next((p for p, path in layer.fields.items() if path == layer.time_field), None),
        "time": bool(layer.time_field),
        "time_required": layer.raw_max_span is not None,
        "raw_max_hours": layer.raw_max_span.total_seconds() / 3600 if layer.raw_max_span else None,
        "filters": {name: {"choices": spec.choices, "help": spec.help} for name, spec in layer.filters.items()},
    }


def layers() -> list[dict]:
    return [describe(layer) for layer in all_layers()]
