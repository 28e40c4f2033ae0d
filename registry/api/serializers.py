"""Registry API serializers: input serializers run through geo.api.validation.validated(); person
output is built by registry.present (the one place masks are applied), and the output serializers
here describe it for the OpenAPI document."""

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from registry.models import (
    Building,
    BuildingKind,
    DocumentType,
    GroupKind,
    House,
    HouseUse,
    Level,
    Organisation,
    PersonStatus,
    Registration,
    Relation,
)
from registry.queries import COUNT_LEVELS

__all__ = [
    "BuildingSerializer",
    "HouseSerializer",
    "OrganisationSerializer",
    "GroupKindSerializer",
    "PeopleQuerySerializer",
    "PersonInputSerializer",
    "PersonUpdateSerializer",
    "MoveInputSerializer",
    "MembershipInputSerializer",
    "BuildingInputSerializer",
    "HouseInputSerializer",
    "CountsQuerySerializer",
    "PersonRowSerializer",
    "PeoplePageSerializer",
    "TransferSerializer",
]


class BuildingSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Building
        geo_field = "footprint"
        fields = ["id", "code", "name", "address", "kind", "floors", "units", "location_code"]


class HouseSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = House
        geo_field = "point"
        fields = [
            "id",
            "building",
            "unit",
            "floor",
            "room",
            "address",
            "use",
            "area_m2",
            "rent_from",
            "rent_until",
            "group_rental",
            "location_code",
        ]


class OrganisationSerializer(GeoFeatureModelSerializer):
    class Meta:
        model = Organisation
        geo_field = "point"
        fields = ["id", "name", "kind", "credit_code", "address", "employees", "location_code"]


class GroupKindSerializer(serializers.ModelSerializer):
    class Meta:
        model = GroupKind
        fields = ["id", "code", "name", "category", "visit_every_days", "active"]


class PeopleQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, default="", max_length=50, help_text="ID number, phone, or name prefix")
    name = serializers.CharField(required=False, default="", max_length=50, help_text="name prefix")
    id_number = serializers.CharField(required=False, default="", max_length=30, help_text="exact, any document")
    phone = serializers.CharField(required=False, default="", max_length=20, help_text="exact")
    address = serializers.CharField(required=False, default="", max_length=100, help_text="house address prefix")
    code = serializers.RegexField(r"^\d{0,18}$", required=False, default="", help_text="area code prefix")
    group = serializers.CharField(required=False, default="", max_length=32, help_text="group kind code")
    level = serializers.ChoiceField(Level.choices, required=False, default="")
    registration = serializers.ChoiceField(Registration.choices, required=False, default="")
    status = serializers.ChoiceField(PersonStatus.choices, required=False, default="")
    gender = serializers.ChoiceField([("male", "男"), ("female", "女")], required=False, default="")
    house = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    limit = serializers.IntegerField(required=False, default=50, min_value=1, max_value=500)
    offset = serializers.IntegerField(required=False, default=0, min_value=0, max_value=100_000)
    purpose = serializers.CharField(required=False, default="", max_length=200, help_text="why (查阅事由), logged")


class PersonInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=30)
    document_type = serializers.ChoiceField(DocumentType.choices, default=DocumentType.ID_CARD)
    house = serializers.IntegerField(min_value=1)
    relation = serializers.ChoiceField(Relation.choices, default=Relation.FAMILY)
    gender = serializers.ChoiceField([("male", "男"), ("female", "女"), ("unknown", "未知")], required=False)
    birth_date = serializers.DateField(required=False)
    ethnicity = serializers.CharField(max_length=16, required=False, default="", allow_blank=True)
    phone = serializers.RegexField(r"^[0-9+\- ]{0,20}$", required=False, default="", allow_blank=True)
    registration = serializers.ChoiceField(Registration.choices, default=Registration.REGISTERED)
    since = serializers.DateField(required=False)
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class PersonUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False)
    phone = serializers.RegexField(r"^[0-9+\- ]{0,20}$", required=False, allow_blank=True)
    ethnicity = serializers.CharField(max_length=16, required=False, allow_blank=True)
    registration = serializers.ChoiceField(Registration.choices, required=False)
    status = serializers.ChoiceField(PersonStatus.choices, required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class MoveInputSerializer(serializers.Serializer):
    to_house = serializers.IntegerField(min_value=1, allow_null=True, help_text="null: moved out of the district")
    relation = serializers.ChoiceField(Relation.choices, default=Relation.FAMILY)
    date = serializers.DateField(required=False)
    reason = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class MembershipInputSerializer(serializers.Serializer):
    person = serializers.IntegerField(min_value=1)
    kind = serializers.CharField(max_length=32, help_text="group kind code")
    level = serializers.ChoiceField(Level.choices, default=Level.GREEN)
    visit_every_days = serializers.IntegerField(min_value=1, max_value=366, required=False)
    responsible = serializers.CharField(max_length=150, required=False, help_text="username of the responsible worker")
    note = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class BuildingInputSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^[0-9A-Za-z\-]{1,32}$")
    name = serializers.CharField(max_length=100)
    address = serializers.CharField(max_length=200)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    footprint = serializers.JSONField(required=False, help_text="GeoJSON Polygon, WGS84")
    kind = serializers.ChoiceField(BuildingKind.choices, default=BuildingKind.RESIDENTIAL)
    floors = serializers.IntegerField(min_value=1, max_value=200, default=1)
    units = serializers.IntegerField(min_value=1, max_value=50, default=1)


class HouseInputSerializer(serializers.Serializer):
    building = serializers.IntegerField(min_value=1, required=False)
    unit = serializers.CharField(max_length=8, required=False, default="", allow_blank=True)
    floor = serializers.IntegerField(min_value=-5, max_value=200, default=1)
    room = serializers.CharField(max_length=16, required=False, default="", allow_blank=True)
    lon = serializers.FloatField(min_value=-180, max_value=180, required=False)
    lat = serializers.FloatField(min_value=-90, max_value=90, required=False)
    address = serializers.CharField(max_length=240, required=False, default="", allow_blank=True)
    use = serializers.ChoiceField(HouseUse.choices, default=HouseUse.OWNER_OCCUPIED)
    area_m2 = serializers.FloatField(min_value=1, max_value=100_000, required=False)
    landlord_name = serializers.CharField(max_length=50, required=False, default="", allow_blank=True)
    landlord_phone = serializers.CharField(max_length=20, required=False, default="", allow_blank=True)
    rent_from = serializers.DateField(required=False)
    rent_until = serializers.DateField(required=False)


class CountsQuerySerializer(serializers.Serializer):
    by = serializers.ChoiceField([(k, k) for k in COUNT_LEVELS], default="grid")
    code = serializers.RegexField(r"^\d{0,18}$", required=False, default="", help_text="within this area")


class GroupRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_name = serializers.CharField()
    category = serializers.CharField()
    level = serializers.CharField()
    responsible_id = serializers.IntegerField(allow_null=True)
    visit_every_days = serializers.IntegerField()
    since = serializers.DateField()


class PersonRowSerializer(serializers.Serializer):
    """A person as the reader may see them: `id_number` and `phone` masked unless the role sees them."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    gender = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    age = serializers.IntegerField(allow_null=True)
    ethnicity = serializers.CharField()
    document_type = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    registration = serializers.CharField()
    status = serializers.CharField()
    house_id = serializers.IntegerField(allow_null=True)
    address = serializers.CharField()
    location_code = serializers.CharField()
    groups = GroupRowSerializer(many=True)
    masked = serializers.BooleanField()


class PeoplePageSerializer(serializers.Serializer):
    results = PersonRowSerializer(many=True)
    next_offset = serializers.IntegerField(allow_null=True)


class TransferSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    from_code = serializers.CharField()
    to_code = serializers.CharField()
    date = serializers.DateField()
