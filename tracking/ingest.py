"""The one ingest path for every intake (batch API, OsmAnd, OwnTracks, GPX).

validate → deduplicate → convert to WGS84 → flag poor accuracy and impossible jumps → locate
(micro-grid, grid; H3 cell) in bulk → one statement that inserts the batch into the day-partitioned
fixes table (duplicates on (device, time) skipped) and adds the inserted good fixes to the hourly
H3 heat aggregates → upsert the worker's latest position. All in one transaction.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import h3
import numpy as np
import psycopg
from django.db import connection, transaction
from django.db.models import FloatField, Func
from psycopg.types.json import Jsonb

from geo import crs as crs_module
from grids.locate import locate_many
from ops import metrics
from tracking import conf
from tracking.fixes import Fix, Rejected
from tracking.live import publish_latest
from tracking.micro_days import late_days_of, mark_late
from tracking.models import Device, LatestPosition, PositionFlag

__all__ = ["IngestResult", "record_fixes", "record_many", "haversine_m"]

EARTH_RADIUS_M = 6_371_008.8


@dataclass
class IngestResult:
    accepted: int = 0
    duplicate: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    latest: dict | None = None  # the worker's newest good fix if this batch moved it, for the live map

    def as_dict(self) -> dict:
        return {
            "accepted": self.accepted,
            "duplicate": self.duplicate,
            "rejected": [
                {"index": r.index, "reason": r.reason, **({"field": r.field} if r.field else {})} for r in self.rejected
            ],
        }


def haversine_m(lon1, lat1, lon2, lat2):
    """Great-circle distance in metres between WGS84 points (degrees); numpy-broadcasting."""
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))


def _check(fix: Fix, now: datetime) -> tuple[str, str] | None:
    """(field, reason) when a fix breaks a rule that needs no other fix; else None."""
    if fix.time.tzinfo is None:
        return "time", "时间缺少时区 (time has no time zone)"
    if fix.time > now + timedelta(seconds=conf.MAX_FUTURE_SECONDS):
        return "time", f"时间在未来 (time is more than {conf.MAX_FUTURE_SECONDS} s in the future)"
    if fix.time < now - timedelta(days=conf.MAX_AGE_DAYS):
        return "time", f"时间过早 (time is more than {conf.MAX_AGE_DAYS} days old)"
    if not (isinstance(fix.lon, (int, float)) and math.isfinite(fix.lon) and -180 <= fix.lon <= 180):
        return "lon", "经度超出范围 (lon must be within -180..180)"
    if not (isinstance(fix.lat, (int, float)) and math.isfinite(fix.lat) and -90 <= fix.lat <= 90):
        return "lat", "纬度超出范围 (lat must be within -90..90)"
    if fix.lon == 0 and fix.lat == 0:
        return "lat", "坐标为 (0, 0)：设备尚未定位 (no position fix)"
    return None


def _to_wgs84(fixes: list[Fix]) -> tuple[np.ndarray, np.ndarray]:
    lon = np.array([f.lon for f in fixes], dtype=float)
    lat = np.array([f.lat for f in fixes], dtype=float)
    for name in {f.crs for f in fixes} - {"wgs84", "cgcs2000"}:
        mask = np.array([f.crs == name for f in fixes])
        lon[mask], lat[mask] = crs_module.to_wgs84(lon[mask], lat[mask], name)
    return lon, lat


def _flags(fixes: list[Fix], lon, lat, previous) -> np.ndarray:
    """Flag poor accuracy, invalid fixes and jumps faster than MAX_SPEED_MPS from the last good fix
    (fixes sorted by time; `previous` is (time, lon, lat) of the last stored good fix or None)."""
    flags = np.zeros(len(fixes), dtype=np.int16)
    for i, fix in enumerate(fixes):
        if fix.accuracy_m is not None and fix.accuracy_m > conf.MAX_ACCURACY_M:
            flags[i] |= PositionFlag.POOR_ACCURACY
        if str(fix.attributes.get("valid", "true")).lower() in ("false", "0"):
            flags[i] |= PositionFlag.INVALID
        if previous is not None and not flags[i]:
            seconds = (fix.time - previous[0]).total_seconds()
            metres = haversine_m(previous[1], previous[2], lon[i], lat[i])
            if metres > 50 and metres / max(seconds, 1.0) > conf.MAX_SPEED_MPS:
                flags[i] |= PositionFlag.IMPOSSIBLE_JUMP
        if not flags[i]:
            previous = (fix.time, lon[i], lat[i])
    return flags


def _h3_cells(lon, lat) -> list[int]:
    return [
        h3.str_to_int(h3.latlng_to_cell(y, x, conf.H3_RESOLUTION))
        for x, y in zip(lon.tolist(), lat.tolist(), strict=True)
    ]


_INSERT = """
WITH r AS (
    SELECT * FROM unnest(%(device)b::int8[], %(user)b::int8[], %(source)b::text[], %(time)b::timestamptz[],
                         %(lon)b::float8[], %(lat)b::float8[], %(accuracy)b::real[],
                         %(speed)b::real[], %(heading)b::real[], %(altitude)b::real[], %(battery)b::real[],
                         %(charging)b::bool[], %(flags)b::int2[], %(micro)b::int8[], %(grid)b::int8[],
                         %(code)b::text[], %(h3)b::int8[], %(client)b::uuid[], %(attributes)b::jsonb[])
        AS r(device_id, user_id, source, time, lon, lat, accuracy_m, speed_mps, heading, altitude_m, battery,
             charging, flags, micro_grid_id, grid_id, location_code, h3, client_id, attributes)
), ins AS (
    INSERT INTO tracking_position (device_id, user_id, time, received_at, geom, accuracy_m, speed_mps,
        heading, altitude_m, battery, charging, flags, micro_grid_id, grid_id, location_code, h3,
        client_id, source, attributes)
    SELECT r.device_id, r.user_id, r.time, now(), ST_SetSRID(ST_MakePoint(r.lon, r.lat), 4326), r.accuracy_m,
        r.speed_mps, r.heading, r.altitude_m, r.battery, r.charging, r.flags, r.micro_grid_id, r.grid_id,
        r.location_code, r.h3, r.client_id, r.source, r.attributes
    FROM r
    ON CONFLICT DO NOTHING
    RETURNING device_id, user_id, time, flags, location_code, h3, geom, accuracy_m, speed_mps, heading, battery,
              charging, grid_id, micro_grid_id
), newest AS (
    SELECT DISTINCT ON (user_id) * FROM ins WHERE flags = 0 ORDER BY user_id, time DESC
), latest AS (
    INSERT INTO tracking_latestposition (user_id, device_id, time, geom, accuracy_m, speed_mps, heading,
        battery, charging, grid_id, micro_grid_id, location_code)
    SELECT user_id, device_id, time, geom, accuracy_m, speed_mps, heading, battery, charging, grid_id,
        micro_grid_id, location_code FROM newest
    ORDER BY user_id  -- concurrent statements lock workers' rows in one order: no deadlocks
    ON CONFLICT (user_id) DO UPDATE SET device_id = EXCLUDED.device_id, time = EXCLUDED.time, geom = EXCLUDED.geom,
        accuracy_m = EXCLUDED.accuracy_m, speed_mps = EXCLUDED.speed_mps, heading = EXCLUDED.heading,
        battery = EXCLUDED.battery, charging = EXCLUDED.charging, grid_id = EXCLUDED.grid_id,
        micro_grid_id = EXCLUDED.micro_grid_id, location_code = EXCLUDED.location_code
    WHERE tracking_latestposition.time < EXCLUDED.time
    RETURNING user_id, time, ST_X(geom) AS lon, ST_Y(geom) AS lat, grid_id, location_code
), heat AS (
    INSERT INTO tracking_heat (res, cell, hour, street_code, fixes)
    SELECT res, h3_parent(ins.h3, res), date_trunc('hour', ins.time), left(ins.location_code, 9), count(*)
    FROM ins CROSS JOIN unnest(%(resolutions)s::int[]) AS res
    WHERE ins.flags = 0 AND ins.location_code <> ''
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4  -- concurrent batches lock shared heat rows in one order: no deadlocks
    ON CONFLICT (res, cell, hour, street_code) DO UPDATE SET fixes = tracking_heat.fixes + EXCLUDED.fixes
), counts AS (
    SELECT device_id, count(*) AS n FROM ins GROUP BY device_id
)
SELECT d.device_id, coalesce(counts.n, 0), latest.time, latest.lon, latest.lat, latest.grid_id, latest.location_code
FROM unnest(%(devices)b::int8[], %(users)b::int8[]) AS d(device_id, user_id)
LEFT JOIN counts ON counts.device_id = d.device_id
LEFT JOIN latest ON latest.user_id = d.user_id
"""


def _floats(values) -> list[float | None]:
    """Binary array parameters must not mix ints and floats."""
    return [None if v is None else float(v) for v in values]


def _previous_good_fixes(items) -> dict[int, tuple]:
    """Each item's worker's last good fix (time, lon, lat) before the item's first fix, by item index."""
    users = {device.user_id for _, device, good, _ in items}
    # Coordinates straight from PostGIS: decoding each geometry through GEOS was a fifth of the
    # group-commit writer's time in a py-spy profile.
    rows = LatestPosition.objects.filter(user_id__in=users).values_list(
        "user_id",
        "time",
        Func("geom", function="ST_X", output_field=FloatField()),
        Func("geom", function="ST_Y", output_field=FloatField()),
    )
    latest = {user: (time, x, y) for user, time, x, y in rows}
    found = {}
    for i, device, good, _ in items:
        previous = latest.get(device.user_id)
        found[i] = previous if previous and previous[0] < good[0].time else None
    return found


def _screen(fixes: list[Fix], now: datetime, result: IngestResult) -> list[Fix]:
    """The fixes that pass the single-fix rules, without in-batch duplicates, sorted by time;
    rejections and duplicates are counted into `result`."""
    good, seen = [], set()
    for i, fix in enumerate(fixes):
        index = i if fix.index is None else fix.index
        problem = _check(fix, now)
        if problem:
            result.rejected.append(Rejected(index, problem[1], problem[0]))
        elif fix.time in seen:
            result.duplicate += 1
        else:
            seen.add(fix.time)
            good.append(fix)
    good.sort(key=lambda f: f.time)
    return good


def _rounds(items):
    """Split items so that no worker appears twice in one statement (their latest position is
    upserted once per statement); order is kept."""
    rounds: list[list] = []
    for item in items:
        user = item[1].user_id
        for batch in rounds:
            if all(other[1].user_id != user for other in batch):
                batch.append(item)
                break
        else:
            rounds.append([item])
    return rounds


def _store(items, results: list[IngestResult]):
    """One statement for items (index, device, good fixes, source) of distinct workers."""
    previous = _previous_good_fixes(items)
    flags = np.concatenate([_flags(good, *_to_wgs84(good), previous[i]) for i, _, good, _ in items])
    good = [(device, fix, source) for _, device, fixes, source in items for fix in fixes]
    fixes = [fix for _, fix, _ in good]
    lon, lat = _to_wgs84(fixes)
    located = locate_many(lon, lat)
    params = {
        "device": [d.pk for d, _, _ in good],
        "user": [d.user_id for d, _, _ in good],
        "source": [source for _, _, source in good],
        "devices": [device.pk for _, device, _, _ in items],
        "users": [device.user_id for _, device, _, _ in items],
        "resolutions": list(conf.HEAT_RESOLUTIONS),
        "time": [f.time for f in fixes],
        "lon": lon.tolist(),
        "lat": lat.tolist(),
        "accuracy": _floats(f.accuracy_m for f in fixes),
        "speed": _floats(f.speed_mps for f in fixes),
        "heading": _floats(f.heading for f in fixes),
        "altitude": _floats(f.altitude_m for f in fixes),
        "battery": _floats(f.battery for f in fixes),
        "charging": [f.charging for f in fixes],
        "flags": flags.tolist(),
        "micro": [v if v >= 0 else None for v in located.micro_grid_id.tolist()],
        "grid": [v if v >= 0 else None for v in located.grid_id.tolist()],
        "code": located.code.tolist(),
        "h3": _h3_cells(lon, lat),
        "client": [f.client_id for f in fixes],
        "attributes": [Jsonb(f.attributes) if f.attributes else None for f in fixes],
    }
    # A psycopg cursor of its own (same connection and transaction): server-side binding sends
    # the arrays in binary, several times cheaper than Django's client-side quoting of them.
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        if not conf.SYNCHRONOUS_COMMIT:
            cursor.execute("SET LOCAL synchronous_commit TO off")
        cursor.execute(_INSERT, params)
        rows = cursor.fetchall()
    for (i, device, fixes, _), (_, inserted, *latest) in zip(items, rows, strict=True):
        result = results[i]
        result.accepted = inserted
        result.duplicate += len(fixes) - inserted
        if latest[0] is not None:
            result.latest = dict(
                zip(("time", "lon", "lat", "grid_id", "location_code"), latest, strict=True), user=device.user_id
            )
            publish_latest(result.latest)  # leaves after commit, in the next coalesced frame


def record_fixes(device: Device, fixes: list[Fix], source: str, now: datetime | None = None) -> IngestResult:
    """Store a device's fixes. Rejections name `Fix.index` (the request index) when the parser set
    it, else the position in `fixes`."""
    return record_many([(device, fixes, source)], now)[0]


def record_many(batches, now: datetime | None = None) -> list[IngestResult]:
    """Store several requests' fixes, `(device, fixes, source)` each, in one transaction and (when
    their workers differ) one statement: what group commit (tracking.group_commit) hands over.
    One result per batch, in order; a batch's rejections and duplicates are its own."""
    now = now or datetime.now(dt_timezone.utc)
    results = [IngestResult() for _ in batches]
    items = []
    for i, (device, fixes, source) in enumerate(batches):
        good = _screen(fixes, now, results[i])
        if good:
            items.append((i, device, good, source))
    if items:
        with transaction.atomic():
            for round_ in _rounds(items):
                _store(round_, results)
            # fixes of a day the periodic summary refresh no longer covers: that day is recomputed
            mark_late(late_days_of([f.time for _, _, good, _ in items for f in good], now), now)
        metrics.write_batch(sum(len(good) for _, _, good, _ in items))
    for (_, _, source), result in zip(batches, results, strict=True):
        _count(source, result)
    return results


def _count(source: str, result: IngestResult):
    metrics.fixes_ingested(source, result.accepted, result.duplicate)
    metrics.fixes_rejected(source, (r.field for r in result.rejected))
