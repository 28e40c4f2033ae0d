"""The militia app's query layers for analysts: organisations with a base (民兵连/排) and emergency
resources (加油站, 医院, 避难场所, 救援队伍, 仓库) with their capacity. Commanders' and contacts' names
and phones are masked in every output; members are not a layer (they are people)."""

from accounts.privacy import mask_name, mask_phone
from geo.query_layers import QueryLayer, choice_filter, register, related_count
from militia.models import MilitiaMember, MilitiaOrg, OrgLevel, Resource, ResourceKind

__all__ = ["LAYERS", "register_query_layers"]

LAYERS = [
    QueryLayer(
        name="militia_units",
        title="民兵组织 militia units",
        queryset=lambda: MilitiaOrg.objects.filter(point__isnull=False).annotate(
            member_count=related_count(MilitiaMember.objects.all(), "org")
        ),
        geom_field="point",
        code_field="location_code",
        ogc=True,
        fields={
            "id": "id",
            "name": "name",
            "level": "level",
            "members": "member_count",
            "commander": "commander",
            "phone": "phone",
            "location_code": "location_code",
        },
        numeric=("members",),
        personal={"commander": mask_name, "phone": mask_phone},
        filters={"level": choice_filter("level", OrgLevel)},
    ),
    QueryLayer(
        name="resources",
        title="应急资源 emergency resources",
        queryset=lambda: Resource.objects.all(),
        geom_field="point",
        code_field="location_code",
        ogc=True,
        fields={
            "id": "id",
            "name": "name",
            "kind": "kind",
            "address": "address",
            "capacity": "capacity",
            "available": "available",
            "stock_total": "stock_total",
            "contact": "contact",
            "phone": "phone",
            "location_code": "location_code",
        },
        numeric=("capacity", "available", "stock_total"),
        personal={"contact": mask_name, "phone": mask_phone},
        filters={"kind": choice_filter("kind", ResourceKind)},
        split_by="kind",
    ),
]


def register_query_layers():
    for layer in LAYERS:
        register(layer)
