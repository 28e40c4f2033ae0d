"""Devices, the fixes they report, and each worker's latest position."""

import secrets

from django.conf import settings
from django.contrib.gis.db import models as gis_models
from django.contrib.gis.db.models.functions import Transform
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GistIndex
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_device_token() -> str:
    """A long random identifier (≈190 bits): a guessed id gets nothing."""
    return secrets.token_urlsafe(24)


class Device(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="devices"
    )
    identifier = models.CharField("设备标识", max_length=64, unique=True, default=new_device_token)
    name = models.CharField("名称", max_length=100, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "定位设备"
        verbose_name_plural = "定位设备"

    def __str__(self):
        return self.name or self.identifier[:8]


class PositionFlag:
    """Bits of `tracking_position.flags`. A flagged fix is kept but left out of tracks, coverage and heat."""

    POOR_ACCURACY = 1
    IMPOSSIBLE_JUMP = 2
    INVALID = 4  # the device itself said the fix is not valid (OsmAnd `valid=false`)
    OUTSIDE_DISTRICT = 8


class Position(models.Model):
    """One fix. The table is partitioned by day (migration tracking/0002, tracking/partitions.py)
    and written only by tracking.ingest with one statement per batch; this model reads it.
    (device, time) is the primary key: a retried batch stores nothing twice."""

    pk = models.CompositePrimaryKey("device", "time")
    device = models.ForeignKey(Device, on_delete=models.DO_NOTHING, db_constraint=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    time = models.DateTimeField()
    received_at = models.DateTimeField()
    geom = gis_models.PointField(srid=4326)
    accuracy_m = models.FloatField(null=True)
    speed_mps = models.FloatField(null=True)
    heading = models.FloatField(null=True)
    altitude_m = models.FloatField(null=True)
    battery = models.FloatField(null=True)
    charging = models.BooleanField(null=True)
    flags = models.SmallIntegerField(default=0)
    micro_grid_id = models.BigIntegerField(null=True)
    grid_id = models.BigIntegerField(null=True)
    location_code = models.CharField(max_length=18, blank=True)
    h3 = models.BigIntegerField(null=True, help_text="H3 cell at resolution 10")
    client_id = models.UUIDField(null=True)
    source = models.CharField(max_length=16)
    attributes = models.JSONField(null=True)

    class Meta:
        managed = False
        db_table = "tracking_position"
        verbose_name = "定位点"
        verbose_name_plural = "定位点"


class LatestPosition(models.Model):
    """The newest good fix of each worker: what the live map and nearby-forces queries read."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="latest_position"
    )
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="+")
    time = models.DateTimeField("定位时间")
    geom = gis_models.PointField("位置", srid=4326)
    # The position in metres (METRIC_SRID), kept by PostgreSQL: the nearby-forces scan filters and
    # orders by it from its GiST index (KNN) without transforming a row at query time.
    geom_m = gis_models.GeneratedField(
        expression=Transform("geom", settings.METRIC_SRID),
        output_field=gis_models.PointField(srid=settings.METRIC_SRID),
        db_persist=True,
    )
    accuracy_m = models.FloatField(null=True)
    speed_mps = models.FloatField(null=True)
    heading = models.FloatField(null=True)
    battery = models.FloatField(null=True)
    charging = models.BooleanField(null=True)
    grid_id = models.BigIntegerField(null=True)
    micro_grid_id = models.BigIntegerField(null=True)
    location_code = models.CharField(max_length=18, blank=True, db_index=True)

    class Meta:
        indexes = [GistIndex(fields=["geom_m"], name="latestposition_geom_m")]
        verbose_name = "最新位置"
        verbose_name_plural = "最新位置"


class HeatCell(models.Model):
    """Fixes per H3 cell (resolutions 7–10) per hour per street, maintained by ingest in the same
    statement that stores the fixes, so heat is never recomputed from raw fixes on read."""

    pk = models.CompositePrimaryKey("res", "cell", "hour", "street_code")
    res = models.SmallIntegerField()
    cell = models.BigIntegerField()
    hour = models.DateTimeField()
    street_code = models.CharField(max_length=9)
    fixes = models.IntegerField()

    class Meta:
        managed = False
        db_table = "tracking_heat"


class CheckInKind(models.TextChoices):
    IN = "in", _("签到")
    OUT = "out", _("签退")


class CheckIn(models.Model):
    """A check-in or check-out, stored whatever its position: one outside the worker's grid by more
    than the tolerance is kept with `accepted` false so a supervisor can see it. `distance_m` is the
    distance to the grid in metres in settings.METRIC_SRID (0 inside)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="checkins"
    )
    kind = models.CharField("类型", max_length=3, choices=CheckInKind.choices)
    time = models.DateTimeField("时间")
    received_at = models.DateTimeField("接收时间", auto_now_add=True)
    geom = gis_models.PointField("位置", srid=4326)
    # SET_NULL like grids.Located: a grid deleted by an adjustment must not be blocked by history.
    grid = models.ForeignKey(
        "grids.Grid", verbose_name="所属网格", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    location_code = models.CharField(
        "位置编码", max_length=18, blank=True, help_text="where the point lies; blank outside the district"
    )
    inside = models.BooleanField("在网格内")
    distance_m = models.FloatField("距网格距离(米)")
    accuracy_m = models.FloatField("定位精度(米)", null=True, blank=True)
    accepted = models.BooleanField("有效")
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "签到签退"
        verbose_name_plural = "签到签退"
        ordering = ["-time"]
        indexes = [models.Index(fields=["user", "time"]), models.Index(fields=["grid", "time"])]

    def __str__(self):
        return f"{self.user} {self.get_kind_display()} {self.time:%Y-%m-%d %H:%M}"


class DutySession(models.Model):
    """On duty from an accepted check-in to the check-out; `ended_at` null while on duty. At most one
    open session per user (a partial unique constraint)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="duty_sessions"
    )
    grid = models.ForeignKey("grids.Grid", verbose_name="网格", null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField("上岗时间")
    ended_at = models.DateTimeField("离岗时间", null=True, blank=True)
    checkin = models.OneToOneField(
        CheckIn, verbose_name="签到", on_delete=models.CASCADE, related_name="opened_session"
    )
    checkout = models.OneToOneField(
        CheckIn, verbose_name="签退", null=True, blank=True, on_delete=models.SET_NULL, related_name="closed_session"
    )

    class Meta:
        verbose_name = "在岗时段"
        verbose_name_plural = "在岗时段"
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "started_at"]), models.Index(fields=["grid", "started_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(ended_at__isnull=True), name="duty_one_open_session"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at")),
                name="duty_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.started_at:%Y-%m-%d %H:%M}"


class Patrol(models.Model):
    """The track of one duty session from the worker's good fixes, recomputed idempotently.
    Lengths in metres in settings.METRIC_SRID; times in seconds; `stops` a list of
    {start, end, lon, lat, seconds} (ISO times, WGS84 degrees)."""

    session = models.OneToOneField(
        DutySession, verbose_name="在岗时段", primary_key=True, on_delete=models.CASCADE, related_name="patrol"
    )
    track = gis_models.LineStringField("轨迹", srid=4326, null=True, blank=True)
    fixes = models.IntegerField("定位点数", default=0)
    length_m = models.FloatField("里程(米)", default=0)
    inside_s = models.FloatField("网格内时长(秒)", default=0)
    outside_s = models.FloatField("网格外时长(秒)", default=0)
    stops = models.JSONField("停留点", default=list, blank=True)
    computed_at = models.DateTimeField("计算时间")

    class Meta:
        verbose_name = "巡查轨迹"
        verbose_name_plural = "巡查轨迹"


class Visit(models.Model):
    """A visit (寻访打卡) to a target — a place, or a kind another app registers in
    grids.visit_targets (registry: a house or a person) — kept as (`target_kind`, `target_id`) with
    the target's label, so tracking never imports the owning app; `place` is also set for places.
    Proven by the worker's nearest good fix within the proof window: `proof_distance_m` in metres
    in settings.METRIC_SRID, null when there was no fix. A visit without proof is stored with
    `accepted` false and the `reason`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="visits"
    )
    place = models.ForeignKey(
        "grids.Place", verbose_name="场所", null=True, blank=True, on_delete=models.CASCADE, related_name="visits"
    )
    target_kind = models.CharField("对象类型", max_length=16, default="place")
    target_id = models.BigIntegerField("对象ID")
    target_label = models.CharField("对象", max_length=240, blank=True)
    time = models.DateTimeField("时间")
    received_at = models.DateTimeField("接收时间", auto_now_add=True)
    location_code = models.CharField(
        "位置编码", max_length=18, blank=True, help_text="the place's, for jurisdiction cuts"
    )
    proof_distance_m = models.FloatField("佐证距离(米)", null=True, blank=True)
    accepted = models.BooleanField("有效")
    reason = models.CharField("原因", max_length=200, blank=True)
    note = models.CharField("备注", max_length=500, blank=True)
    photo = models.ImageField(
        "现场照片",
        upload_to="visits/%Y/%m/",
        blank=True,
        help_text="JPEG/PNG checked with Pillow (tracking.visit_photos)",
    )

    class Meta:
        verbose_name = "寻访打卡"
        verbose_name_plural = "寻访打卡"
        ordering = ["-time"]
        indexes = [
            models.Index(fields=["user", "time"]),
            models.Index(fields=["location_code"], name="visit_loc_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["target_kind", "target_id", "time"], name="visit_target"),
        ]

    def __str__(self):
        return f"{self.user} → {self.target_kind} {self.target_id} {self.time:%Y-%m-%d %H:%M}"


class UploadBatch(models.Model):
    """Who uploaded a batch of fixes for whom (a GPX file): the uploader is the caller, the worker
    the device's owner; only POSITION_PROXY_ROLES may upload for someone else."""

    time = models.DateTimeField("上传时间", auto_now_add=True, db_index=True)
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    device = models.ForeignKey(Device, verbose_name="设备", on_delete=models.CASCADE, related_name="uploads")
    source = models.CharField("来源", max_length=16)
    file_name = models.CharField("文件名", max_length=200, blank=True)
    accepted = models.IntegerField("接收", default=0)
    duplicate = models.IntegerField("重复", default=0)
    rejected = models.IntegerField("拒绝", default=0)

    class Meta:
        verbose_name = "轨迹上传"
        verbose_name_plural = "轨迹上传"


class MicroGridDay(models.Model):
    """The micro-grids a worker touched (a good fix inside) on a local day: a daily summary of
    tracking_position kept by tracking.micro_days, so coverage over a month reads a few thousand
    small rows instead of the month's fixes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("日期")
    micro_grids = ArrayField(models.BigIntegerField(), verbose_name="到访微网格")

    class Meta:
        verbose_name = "每日到访微网格"
        verbose_name_plural = "每日到访微网格"
        constraints = [models.UniqueConstraint(fields=["day", "user"], name="microgridday_unique")]


class LateDay(models.Model):
    """A local day before yesterday that received fixes after the fact (a device uploading what it
    stored offline): the daily summaries (MicroGridDay, the screens' AreaDay) recompute it on their
    next refresh, then drop the mark."""

    day = models.DateField("日期", primary_key=True)
    marked_at = models.DateTimeField("标记时间")

    class Meta:
        verbose_name = "待重算日期"
        verbose_name_plural = "待重算日期"
