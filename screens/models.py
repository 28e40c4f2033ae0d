"""Summary tables the screens read (never the source tables per viewer), refreshed by a job:

- AreaDay: per area (district, street, community, grid) and local day, what happened that day —
  events reported and finished, close times, patrols, duty hours, visits, check-ins, micro-grids
  visited. Additive, so a month or a year is a sum over a few hundred rows of one code.
- AreaNow: per area, the state now — open/overdue events, on-duty workers, population and housing,
  militia — and the counts of grids and micro-grids.
- HotCell: events of the last days per grid and H3 cell (resolution 8), for hot spots.
Codes are the 12-digit admin codes (district 320411000000) and 15-digit grid codes; jurisdiction is
the usual prefix match on `code`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Level", "AreaDay", "AreaNow", "HotCell"]


class Level(models.TextChoices):
    DISTRICT = "district", _("区")
    STREET = "street", _("街道")
    COMMUNITY = "community", _("社区")
    GRID = "grid", _("网格")


class AreaQuerySet(models.QuerySet):
    def visible_to(self, jurisdiction):
        return self.filter(jurisdiction.q("code"))


class AreaDay(models.Model):
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    code = models.CharField("编码", max_length=15, db_collation="C")
    day = models.DateField("日期")
    events_reported = models.IntegerField("上报事项", default=0)
    reported_finished = models.IntegerField("当日上报已办结", default=0, help_text="as of the last refresh")
    events_finished = models.IntegerField("办结事项", default=0)
    close_hours = models.FloatField("办结用时合计(小时)", default=0)
    finished_with_deadline = models.IntegerField("有时限的办结", default=0)
    finished_on_time = models.IntegerField("按期办结", default=0)
    events_by_kind = models.JSONField("按风险类别", default=dict)
    events_by_source = models.JSONField("按来源", default=dict)
    patrols = models.IntegerField("巡查次数", default=0)
    duty_hours = models.FloatField("在岗小时", default=0)
    visits = models.IntegerField("走访", default=0)
    visits_by_kind = models.JSONField("走访对象类型", default=dict)
    checkins = models.IntegerField("签到", default=0)
    checkins_accepted = models.IntegerField("有效签到", default=0)
    microgrids_visited = models.IntegerField("到访微网格", default=0)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = "每日区域统计"
        verbose_name_plural = "每日区域统计"
        constraints = [models.UniqueConstraint(fields=["code", "day"], name="screens_areaday_unique")]
        indexes = [
            models.Index(fields=["level", "day"]),
            models.Index(
                fields=["code", "day"], name="areaday_code_like", opclasses=["varchar_pattern_ops", "date_ops"]
            ),
        ]


class AreaNow(models.Model):
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    code = models.CharField("编码", max_length=15, primary_key=True, db_collation="C")
    name = models.CharField("名称", max_length=100)
    parent = models.CharField("上级编码", max_length=15, blank=True, db_collation="C")
    communities = models.IntegerField("社区", default=0)
    grids = models.IntegerField("网格", default=0)
    dedicated_grids = models.IntegerField("专属网格", default=0)
    microgrids = models.IntegerField("微网格", default=0)
    workers = models.IntegerField("网格员", default=0)
    on_duty = models.IntegerField("在岗", default=0)
    buildings = models.IntegerField("楼栋", default=0)
    houses = models.IntegerField("房屋", default=0)
    people = models.IntegerField("人口", default=0)
    houses_by_use = models.JSONField("房屋用途", default=dict)
    open_events = models.IntegerField("在办事项", default=0)
    overdue = models.IntegerField("超期事项", default=0)
    supervised = models.IntegerField("督办事项", default=0)
    overdue_city = models.IntegerField("超期城管/12345", default=0)
    open_by_department = models.JSONField("在办按部门", default=dict)
    militia = models.JSONField("民兵与应急资源", default=dict)
    refreshed_at = models.DateTimeField("刷新时间")

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = "区域现状"
        verbose_name_plural = "区域现状"
        ordering = ["code"]
        indexes = [models.Index(fields=["code"], name="areanow_code_like", opclasses=["varchar_pattern_ops"])]


class HotCell(models.Model):
    """Events per grid and H3 resolution-8 cell over the hot-spot window; `city` counts only
    12345 and 数字城管 cases."""

    code = models.CharField("网格编码", max_length=15, db_collation="C")
    cell = models.BigIntegerField("H3")
    events = models.IntegerField("事项")
    city = models.IntegerField("城管/12345")

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = "事项热点"
        verbose_name_plural = "事项热点"
        constraints = [models.UniqueConstraint(fields=["code", "cell"], name="screens_hotcell_unique")]
        indexes = [models.Index(fields=["code"], name="hotcell_code_like", opclasses=["varchar_pattern_ops"])]
