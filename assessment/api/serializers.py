"""Input and output serializers of the assessment API."""

from rest_framework import serializers

from assessment.models import Indicator, Period, PeriodKind, Redemption, Rule, Score, ScoreLevel, SpotCheck

__all__ = [
    "PeriodSerializer",
    "PeriodInputSerializer",
    "RuleSerializer",
    "RulesInputSerializer",
    "ScoreSerializer",
    "ScoreQuerySerializer",
    "SpotCheckInputSerializer",
    "SpotCheckSerializer",
    "RankingQuerySerializer",
    "RankingRowSerializer",
    "LedgerSerializer",
    "RedemptionInputSerializer",
    "RedemptionSerializer",
]


class RuleSerializer(serializers.ModelSerializer):
    indicator_name = serializers.CharField(source="get_indicator_display", read_only=True)

    class Meta:
        model = Rule
        fields = ["indicator", "indicator_name", "weight", "required", "formula", "active"]


class PeriodSerializer(serializers.ModelSerializer):
    rules = RuleSerializer(many=True, read_only=True)

    class Meta:
        model = Period
        fields = ["id", "kind", "name", "start", "end", "status", "computed_at", "closed_at", "rules"]


class PeriodInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PeriodKind.choices)
    day = serializers.DateField(help_text="any day of the month or quarter")


class RuleInputSerializer(serializers.Serializer):
    indicator = serializers.ChoiceField(choices=Indicator.choices)
    weight = serializers.FloatField(min_value=0, max_value=1000, required=False)
    required = serializers.FloatField(min_value=0, max_value=100000, required=False)
    formula = serializers.CharField(max_length=500, required=False)
    active = serializers.BooleanField(required=False)


class RulesInputSerializer(serializers.Serializer):
    rules = RuleInputSerializer(many=True, allow_empty=False)


class ScoreSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", default=None, read_only=True)

    class Meta:
        model = Score
        fields = ["id", "level", "code", "name", "user", "total", "rank", "details", "computed_at"]


class ScoreQuerySerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=ScoreLevel.choices, default=ScoreLevel.STREET)
    limit = serializers.IntegerField(min_value=1, max_value=5000, default=100)


class SpotCheckInputSerializer(serializers.Serializer):
    grid = serializers.RegexField(r"^\d{15}$")
    asked = serializers.IntegerField(min_value=1, max_value=100000)
    aware = serializers.IntegerField(min_value=0, max_value=100000)


class SpotCheckSerializer(serializers.ModelSerializer):
    grid = serializers.CharField(source="grid.code")

    class Meta:
        model = SpotCheck
        fields = ["grid", "asked", "aware", "entered_at"]


class RankingQuerySerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", required=False, help_text="YYYY-MM, default this month")
    limit = serializers.IntegerField(min_value=1, max_value=1000, default=100)


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    user = serializers.CharField()
    name = serializers.CharField()
    code = serializers.CharField()
    points = serializers.FloatField()


class LedgerLineSerializer(serializers.Serializer):
    action = serializers.CharField()
    quantity = serializers.FloatField()
    points = serializers.FloatField()
    source = serializers.CharField()
    time = serializers.DateTimeField()


class LedgerSerializer(serializers.Serializer):
    user = serializers.CharField()
    name = serializers.CharField()
    balance = serializers.FloatField()
    lines = LedgerLineSerializer(many=True)


class RedemptionInputSerializer(serializers.Serializer):
    user = serializers.CharField(max_length=150)
    item = serializers.CharField(max_length=100)
    points = serializers.FloatField(min_value=0.01, max_value=1_000_000)


class RedemptionSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username")

    class Meta:
        model = Redemption
        fields = ["id", "user", "item", "points", "time"]
