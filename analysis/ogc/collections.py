"""The OGC API – Features collections: every query layer published with `ogc=True`, and for layers
with `split_by` one more collection per value (places per kind: `places-school`…)."""

from dataclasses import dataclass, field

from geo.errors import NotFound
from geo.query_layers import QueryLayer, all_layers

__all__ = ["Collection", "collections", "collection"]


@dataclass(frozen=True)
class Collection:
    id: str
    title: str
    layer: QueryLayer
    fixed: dict[str, str] = field(default_factory=dict)  # filters every request of it carries

    @property
    def queryables(self) -> list[str]:
        return [name for name in self.layer.filters if name not in self.fixed]


def collections() -> list[Collection]:
    out = []
    for layer in all_layers():
        if not layer.ogc:
            continue
        out.append(Collection(layer.name, layer.title, layer))
        if layer.split_by:
            for value, label in (layer.filters[layer.split_by].choices or {}).items():
                out.append(
                    Collection(f"{layer.name}-{value}", f"{label} ({layer.title})", layer, {layer.split_by: value})
                )
    return out


def collection(collection_id: str) -> Collection:
    found = next((c for c in collections() if c.id == collection_id), None)
    if found is None:
        raise NotFound(f"集合 {collection_id!r} 不存在 (no such collection)", field="collectionId")
    return found
