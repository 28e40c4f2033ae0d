"""The registry's query layers for analysts: buildings (楼栋), houses (房屋) and organisations
(单位). People are not a query layer: analysts count them per unit through houses (`residents`) and
read persons only through the registry's own logged pages. Landlord and contact names and phones
are masked in every output."""

from accounts.privacy import mask_name, mask_phone
from geo.query_layers import QueryLayer, bool_filter, choice_filter, register, related_count
from registry.models import (
    Building,
    BuildingKind,
    House,
    HouseUse,
    Organisation,
    OrganisationKind,
    Person,
    PersonStatus,
)

__all__ = ["LAYERS", "register_query_layers"]


LAYERS = [
    QueryLayer(
        name="buildings",
        title="楼栋 buildings",
        queryset=lambda: Building.objects.annotate(house_count=related_count(House.objects.all(), "building")),
        geom_field="point",
        code_field="location_code",
        ogc=True,
        fields={
            "id": "id",
            "code": "code",
            "name": "name",
            "address": "address",
            "kind": "kind",
            "floors": "floors",
            "units": "units",
            "houses": "house_count",
            "location_code": "location_code",
        },
        numeric=("floors", "houses"),
        filters={"kind": choice_filter("kind", BuildingKind)},
        description="楼栋定位点; houses = 房屋数",
    ),
    QueryLayer(
        name="houses",
        title="房屋 houses",
        queryset=lambda: House.objects.annotate(
            residents=related_count(Person.objects.filter(status=PersonStatus.ACTIVE), "house")
        ).select_related("building"),
        geom_field="point",
        code_field="location_code",
        fields={
            "id": "id",
            "address": "address",
            "building": "building__code",
            "use": "use",
            "area_m2": "area_m2",
            "group_rental": "group_rental",
            "residents": "residents",
            "landlord_name": "landlord_name",
            "landlord_phone": "landlord_phone",
            "rent_until": "rent_until",
            "location_code": "location_code",
        },
        numeric=("area_m2", "residents"),
        personal={"landlord_name": mask_name, "landlord_phone": mask_phone},
        filters={"use": choice_filter("use", HouseUse), "group_rental": bool_filter("group_rental")},
        split_by="use",
        description="房屋 (以房管人); residents = 在册人口",
    ),
    QueryLayer(
        name="organisations",
        title="单位/企业 organisations",
        queryset=lambda: Organisation.objects.all(),
        geom_field="point",
        code_field="location_code",
        ogc=True,
        fields={
            "id": "id",
            "name": "name",
            "kind": "kind",
            "address": "address",
            "employees": "employees",
            "contact_name": "contact_name",
            "contact_phone": "contact_phone",
            "location_code": "location_code",
        },
        numeric=("employees",),
        personal={"contact_name": mask_name, "contact_phone": mask_phone},
        filters={"kind": choice_filter("kind", OrganisationKind)},
        split_by="kind",
    ),
]


def register_query_layers():
    for layer in LAYERS:
        register(layer)
