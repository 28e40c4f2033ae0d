"""Devices, the fixes they report, and each worker's latest position."""

import secrets

from django.conf import settings
from django.contrib.gis.db import models as gis_models
from django.db import models


def new_device_token() -> str:
    """A long random identifier (≈190 bits): a guessed id gets nothing."""
    return secrets.token_urlsafe(24)


class Device(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="devices")
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
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
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

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="latest_position")
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="+")
    time = models.DateTimeField("定位时间")
    geom = gis_models.PointField("位置", srid=4326)
    accuracy_m = models.FloatField(null=True)
    speed_mps = models.FloatField(null=True)
    heading = models.FloatField(null=True)
    battery = models.FloatField(null=True)
    charging = models.BooleanField(null=True)
    grid_id = models.BigIntegerField(null=True)
    micro_grid_id = models.BigIntegerField(null=True)
    location_code = models.CharField(max_length=18, blank=True, db_index=True)

    class Meta:
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
