"""Pure track geometry: arrays of fixes in, numbers and stops out. No ORM, no settings: the caller
passes the metric CRS and the thresholds, so every function is testable with canned data.

Fixes are given sorted by time as parallel sequences: `times` (aware datetimes), `lon`/`lat`
(WGS84 degrees) and, where needed, `inside` (the fix lies in the worker's own grid). Lengths are
metres in the metric CRS given (settings.METRIC_SRID, EPSG:4549 for Changzhou); times are seconds.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import numpy as np
from pyproj import Transformer

__all__ = ["Stop", "TrackSummary", "project", "track_length_m", "time_inside_outside", "find_stops", "summarise"]


@dataclass(frozen=True)
class Stop:
    """A stay: from the fix `start` to the fix `end`, every fix within the radius of the first;
    `lon`/`lat` the mean position (WGS84 degrees)."""

    start: datetime
    end: datetime
    lon: float
    lat: float

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "lon": round(self.lon, 7),
            "lat": round(self.lat, 7),
            "seconds": self.seconds,
        }


@dataclass
class TrackSummary:
    fixes: int = 0
    length_m: float = 0.0
    inside_s: float = 0.0
    outside_s: float = 0.0
    stops: list[Stop] = field(default_factory=list)


@lru_cache(maxsize=8)
def _transformer(srid: int) -> Transformer:
    return Transformer.from_crs(4326, srid, always_xy=True)


def project(lon, lat, srid: int) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 degrees → metres in `srid` (x east, y north)."""
    x, y = _transformer(srid).transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def track_length_m(x, y) -> float:
    """The length of the polyline through projected points, in their units (metres)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if len(x) < 2:
        return 0.0
    return float(np.hypot(np.diff(x), np.diff(y)).sum())


def _seconds(times) -> np.ndarray:
    return np.array([t.timestamp() for t in times], dtype=float)


def time_inside_outside(times, inside, max_gap_s: float) -> tuple[float, float]:
    """Seconds inside and outside the grid: the time from each fix to the next is counted in the
    earlier fix's state, at most `max_gap_s` (a phone that stopped reporting tells us nothing);
    the last fix adds nothing."""
    if len(times) < 2:
        return 0.0, 0.0
    gaps = np.minimum(np.diff(_seconds(times)), max_gap_s)
    state = np.asarray(inside, dtype=bool)[:-1]
    return float(gaps[state].sum()), float(gaps[~state].sum())


def find_stops(times, x, y, min_seconds: float, radius_m: float) -> list[tuple[int, int]]:
    """Stays as (first, last) index pairs: runs of fixes all within `radius_m` of the run's first
    fix and lasting at least `min_seconds` from the first fix to the last. Runs do not overlap."""
    t = _seconds(times)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n, i, out = len(t), 0, []
    while i < n - 1:
        j = i + 1
        while j < n and (x[j] - x[i]) ** 2 + (y[j] - y[i]) ** 2 <= radius_m**2:
            j += 1
        if t[j - 1] - t[i] >= min_seconds:
            out.append((i, j - 1))
            i = j
        else:
            i += 1
    return out


def summarise(
    times, lon, lat, inside, *, srid: int, max_gap_s: float, stop_seconds: float, stop_radius_m: float
) -> TrackSummary:
    """Length, time inside/outside the grid and stops of one worker's fixes sorted by time."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    x, y = project(lon, lat, srid)
    inside_s, outside_s = time_inside_outside(times, inside, max_gap_s)
    stops = [
        Stop(times[a], times[b], float(lon[a : b + 1].mean()), float(lat[a : b + 1].mean()))
        for a, b in find_stops(times, x, y, stop_seconds, stop_radius_m)
    ]
    return TrackSummary(len(lon), track_length_m(x, y), inside_s, outside_s, stops)
