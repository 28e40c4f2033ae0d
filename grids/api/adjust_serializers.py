"""Input and output shapes of the grid-adjustment API (/api/v1/adjustments)."""

import json
from datetime import datetime, time, timedelta

import numpy as np
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from geo.crs import UnknownCRS, parse_crs, to_wgs84
from grids.adjust.bulk import read_upload
from grids.models import AdjustmentOp

__all__ = ["AdjustmentInputSerializer", "AdjustmentSerializer", "AsOfQuerySerializer", "AdjustmentListQuerySerializer"]

GRID_CODE = r"^\d{15}$"
MICRO_CODE = r"^\d{18}$"
_REQUIRED = {
    "merge": ("grids", "keep"),
    "split": ("grid",),
    "migrate": ("micro_grids", "to"),
    "reshape": ("a", "b", "line"),
    "retire": ("grid", "to"),
    "bulk": ("area", "grid_layer", "micro_grid_layer"),
}
_MISSING = "此操作需要该字段 (this field is required for this op)"


def _line(value) -> dict:
    if not isinstance(value, dict) or value.get("type") != "LineString":
        raise serializers.ValidationError("应为 GeoJSON LineString (a GeoJSON LineString)")
    coords = value.get("coordinates")
    ok = isinstance(coords, list) and len(coords) >= 2
    ok = ok and all(
        isinstance(p, list) and len(p) >= 2 and all(isinstance(v, (int, float)) for v in p[:2]) for p in coords
    )
    if not ok or not all(-180 <= p[0] <= 180 and -90 <= p[1] <= 90 for p in coords):
        raise serializers.ValidationError("coordinates 应为至少两个 [经度, 纬度] (two or more [lon, lat])")
    return value


@extend_schema_field(OpenApiTypes.OBJECT)
class LayerField(serializers.Field):
    """A GeoJSON FeatureCollection inline, or (multipart) a file the area importer reads."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data)
            except ValueError:
                raise serializers.ValidationError("应为 GeoJSON 或文件 (GeoJSON or a file)") from None
        if not (isinstance(data, dict) or hasattr(data, "chunks")):
            raise serializers.ValidationError("应为 GeoJSON 要素集合或文件 (a FeatureCollection or a file)")
        return data


class AdjustmentInputSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=AdjustmentOp.choices)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    name = serializers.CharField(max_length=100, required=False, help_text="merge/split: the grid's name")
    grids = serializers.ListField(child=serializers.RegexField(GRID_CODE), required=False, max_length=50)
    keep = serializers.RegexField(GRID_CODE, required=False, help_text="merge: the code that survives")
    grid = serializers.RegexField(GRID_CODE, required=False, help_text="split/retire: the grid")
    micro_grids = serializers.ListField(child=serializers.RegexField(MICRO_CODE), required=False, max_length=200)
    line = serializers.JSONField(required=False, help_text="split/reshape: a GeoJSON LineString in `crs`")
    to = serializers.JSONField(required=False, help_text="migrate: a grid code; retire: a list of grid codes")
    a = serializers.RegexField(r"^\d{15}(\d{3})?$", required=False, help_text="reshape: a grid or micro-grid")
    b = serializers.RegexField(r"^\d{15}(\d{3})?$", required=False, help_text="reshape: its neighbour")
    area = serializers.RegexField(r"^\d{12}$", required=False, help_text="bulk: the community or street replaced")
    grid_layer = LayerField(required=False, help_text="bulk: the new grids (code, name, kind?)")
    micro_grid_layer = LayerField(required=False, help_text="bulk: the new micro-grids (code, name)")
    crs = serializers.CharField(required=False, default="wgs84", help_text="wgs84 | cgcs2000 | gcj02 | bd09")

    def validate_crs(self, value):
        try:
            return parse_crs(value)
        except UnknownCRS:
            raise serializers.ValidationError(f"不支持的坐标系 {value!r} (unknown crs)") from None

    def validate_line(self, value):
        return _line(value)

    def validate(self, data):
        op = data["op"]
        missing = {f: [_MISSING] for f in _REQUIRED[op] if f not in data}
        if op == "split" and ("line" in data) == ("micro_grids" in data):
            missing["line"] = ["拆分需要 line 或 micro_grids 之一 (split takes a line or micro_grids)"]
        if missing:
            raise serializers.ValidationError(missing)
        to = data.get("to")
        if op == "migrate" and not (isinstance(to, str) and len(to) == 15 and to.isdigit()):
            raise serializers.ValidationError({"to": ["应为网格编码 (a 15-digit grid code)"]})
        if op == "retire" and not (
            isinstance(to, list) and to and all(isinstance(c, str) and len(c) == 15 and c.isdigit() for c in to)
        ):
            raise serializers.ValidationError({"to": ["应为网格编码列表 (a list of 15-digit grid codes)"]})
        if "line" in data:
            xy = np.array([p[:2] for p in data["line"]["coordinates"]], dtype=float)
            lon, lat = to_wgs84(xy[:, 0], xy[:, 1], data["crs"])
            data["line"] = {
                "type": "LineString",
                "coordinates": [[float(x), float(y)] for x, y in zip(lon, lat, strict=True)],
            }
        if op == "bulk":
            params = {
                "area": data["area"],
                "grids": read_upload(data["grid_layer"], "grid_layer", data["crs"]),
                "micro_grids": read_upload(data["micro_grid_layer"], "micro_grid_layer", data["crs"]),
            }
            return {"op": op, "reason": data["reason"], "params": params}
        params = {k: v for k, v in data.items() if k in ("name", *_REQUIRED[op], "line", "micro_grids") and k in data}
        return {"op": op, "reason": data["reason"], "params": params}


class AdjustmentSerializer(serializers.Serializer):
    """An adjustment: who, when, why, what; `preview` holds the before/after features, areas in m²
    (EPSG:4549), the old → new code map, the counts of located rows that move and the members."""

    id = serializers.IntegerField()
    op = serializers.CharField()
    status = serializers.CharField(help_text="preview | applied | reverted")
    params = serializers.JSONField()
    reason = serializers.CharField()
    author = serializers.CharField(source="author.username")
    created_at = serializers.DateTimeField()
    applied_at = serializers.DateTimeField(allow_null=True)
    reverted_at = serializers.DateTimeField(allow_null=True)
    codes = serializers.ListField(child=serializers.CharField(), help_text="every grid code before and after")
    preview = serializers.JSONField()


class AdjustmentListQuerySerializer(serializers.Serializer):
    grid = serializers.RegexField(GRID_CODE, required=False, help_text="only adjustments touching this grid")
    status = serializers.ChoiceField(choices=["preview", "applied", "reverted"], required=False)
    limit = serializers.IntegerField(min_value=1, max_value=500, default=100)


class AsOfQuerySerializer(serializers.Serializer):
    as_of = serializers.CharField(
        required=False, help_text="YYYY-MM-DD (the layer at the end of that day) or an ISO date-time"
    )

    def validate_as_of(self, value):
        moment = parse_datetime(value)
        if moment is None:
            day = parse_date(value) if len(value) == 10 else None
            if day is None:
                raise serializers.ValidationError("应为 YYYY-MM-DD 或 ISO 时间 (YYYY-MM-DD or an ISO date-time)")
            moment = datetime.combine(day + timedelta(days=1), time.min) - timedelta(microseconds=1)
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
