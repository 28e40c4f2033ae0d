"""Assessment (绩效考核): periods with their rule tables, scores computed with their inputs, spot
checks entered by staff, and the points ledger (积分) with redemptions."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from grids.models import Grid

__all__ = [
    "PeriodKind",
    "PeriodStatus",
    "Indicator",
    "Period",
    "Rule",
    "SpotCheck",
    "ScoreLevel",
    "Score",
    "PointRule",
    "PointEntry",
    "Redemption",
]


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")


class PeriodStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已冻结")


class Indicator(models.TextChoices):
    PATROL_RATE = "patrol_rate", _("巡查率")
    VISIT_RATE = "visit_rate", _("走访率")
    EVENT_CLOSE_RATE = "event_close_rate", _("事项办结率")
    EVENT_TIMELINESS = "event_timeliness", _("按期办结率")
    MICROGRID_COVERAGE = "microgrid_coverage", _("微网格覆盖率")
    SPOT_CHECK = "spot_check", _("抽查知晓率")


class Period(models.Model):
    """A month or a quarter, [start, end) in local days. Closed = frozen: its rules and scores no
    longer change."""

    kind = models.CharField("类型", max_length=8, choices=PeriodKind.choices)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期(不含)")
    name = models.CharField("名称", max_length=50)
    status = models.CharField("状态", max_length=8, choices=PeriodStatus.choices, default=PeriodStatus.OPEN)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    closed_at = models.DateTimeField("冻结时间", null=True, blank=True)

    class Meta:
        verbose_name = "考核周期"
        verbose_name_plural = "考核周期"
        ordering = ["-start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "start"], name="assessment_period_unique"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="assessment_period_end_after_start"),
        ]

    def __str__(self):
        return self.name

    @property
    def frozen(self) -> bool:
        return self.status == PeriodStatus.CLOSED


class Rule(models.Model):
    """One row of a period's rule table: an indicator, its weight, the requirement it is measured
    against (hours of duty or visits per worker in the period; unused by the other indicators), and
    the formula turning the indicator's inputs into a score (names: `rate` and the inputs)."""

    period = models.ForeignKey(Period, verbose_name="周期", on_delete=models.CASCADE, related_name="rules")
    indicator = models.CharField("指标", max_length=24, choices=Indicator.choices)
    weight = models.FloatField("权重")
    required = models.FloatField("要求值", default=0, help_text="patrol: duty hours, visit: visits per worker")
    formula = models.CharField("计分公式", max_length=500, default="min(rate, 1) * 100")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "考核规则"
        verbose_name_plural = "考核规则"
        ordering = ["period", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["period", "indicator"], name="assessment_rule_unique"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="assessment_rule_weight_not_negative"),
            models.CheckConstraint(condition=Q(required__gte=0), name="assessment_rule_required_not_negative"),
        ]

    def __str__(self):
        return f"{self.period} · {self.get_indicator_display()} × {self.weight}"


class SpotCheck(models.Model):
    """A spot check of residents' awareness in a grid (抽查知晓率), entered by staff."""

    period = models.ForeignKey(Period, verbose_name="周期", on_delete=models.CASCADE, related_name="spot_checks")
    grid = models.ForeignKey(Grid, verbose_name="网格", on_delete=models.CASCADE, related_name="+")
    asked = models.PositiveIntegerField("抽查人数")
    aware = models.PositiveIntegerField("知晓人数")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField("录入时间", auto_now=True)

    class Meta:
        verbose_name = "知晓率抽查"
        verbose_name_plural = "知晓率抽查"
        constraints = [
            models.UniqueConstraint(fields=["period", "grid"], name="assessment_spotcheck_unique"),
            models.CheckConstraint(
                condition=Q(aware__lte=models.F("asked")), name="assessment_spotcheck_aware_le_asked"
            ),
        ]


class ScoreLevel(models.TextChoices):
    WORKER = "worker", _("网格员")
    GRID = "grid", _("网格")
    COMMUNITY = "community", _("社区")
    STREET = "street", _("街道")


class ScoreQuerySet(models.QuerySet):
    def visible_to(self, jurisdiction):
        return self.filter(jurisdiction.q("code"))


class Score(models.Model):
    """A computed score with the inputs that produced it: `details` maps each indicator to
    {inputs…, rate, score, weight}. `code` is the area's code (a worker's: their grid)."""

    period = models.ForeignKey(Period, verbose_name="周期", on_delete=models.CASCADE, related_name="scores")
    level = models.CharField("层级", max_length=10, choices=ScoreLevel.choices)
    code = models.CharField("编码", max_length=18, db_collation="C")
    name = models.CharField("名称", max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="网格员",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    total = models.FloatField("总分", null=True)
    rank = models.PositiveIntegerField("排名", null=True)
    details = models.JSONField("计算依据", default=dict)
    computed_at = models.DateTimeField("计算时间")

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = "考核得分"
        verbose_name_plural = "考核得分"
        ordering = ["period", "level", "rank", "code"]
        indexes = [
            models.Index(fields=["code"], name="score_code_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["period", "level", "rank"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "level", "code", "user"], name="assessment_score_unique", nulls_distinct=False
            )
        ]


class PointRule(models.Model):
    """How many points an action earns (per event, per visit, per patrol hour…)."""

    class Action(models.TextChoices):
        EVENT_CONFIRMED = "event_confirmed", _("上报事项经核实")
        VISIT = "visit", _("走访")
        PATROL_HOUR = "patrol_hour", _("巡查每小时")

    action = models.CharField("行为", max_length=24, choices=Action.choices, unique=True)
    points = models.FloatField("积分")
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"
        ordering = ["action"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.points}"


class PointEntry(models.Model):
    """One line of a worker's points ledger (append-only: a trigger refuses updates and deletes).
    `source` names what earned it (`visit:123`, `event:45`, `session:6`, `redemption:7`), unique, so
    awarding twice writes nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="网格员", on_delete=models.PROTECT, related_name="point_entries"
    )
    action = models.CharField("行为", max_length=24)
    quantity = models.FloatField("数量", default=1)
    points = models.FloatField("积分")
    source = models.CharField("来源", max_length=64, unique=True)
    time = models.DateTimeField("发生时间")
    created_at = models.DateTimeField("记账时间", auto_now_add=True)

    class Meta:
        verbose_name = "积分流水"
        verbose_name_plural = "积分流水"
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["user", "time"]), models.Index(fields=["time"])]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


class Redemption(models.Model):
    """Points spent on an item; its ledger line is `redemption:<id>` with negative points."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="网格员", on_delete=models.PROTECT, related_name="redemptions"
    )
    item = models.CharField("兑换物品", max_length=100)
    points = models.FloatField("消耗积分")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    time = models.DateTimeField("兑换时间")

    class Meta:
        verbose_name = "积分兑换"
        verbose_name_plural = "积分兑换"
        ordering = ["-time"]
        constraints = [models.CheckConstraint(condition=Q(points__gt=0), name="assessment_redemption_points_positive")]
