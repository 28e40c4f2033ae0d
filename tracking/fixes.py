"""A position fix as every intake (own batch API, OsmAnd, OwnTracks, GPX) hands it to ingest."""

from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Fix", "Rejected"]


@dataclass
class Fix:
    """One fix. `lon`/`lat` are degrees in `crs` (converted to WGS84 by ingest); `time` is aware.
    Units: accuracy and altitude in metres, speed in metres per second, heading in degrees from
    north, battery as a fraction 0–1."""

    time: datetime
    lon: float
    lat: float
    crs: str = "wgs84"
    accuracy_m: float | None = None
    speed_mps: float | None = None
    heading: float | None = None
    altitude_m: float | None = None
    battery: float | None = None
    charging: bool | None = None
    client_id: str | None = None  # the client's UUID for the fix, when it sends one
    attributes: dict = field(default_factory=dict)
    index: int | None = None  # position in the request, for rejection messages


@dataclass
class Rejected:
    """A fix that could not be read or failed a rule: `index` in the request, `reason` for a person."""

    index: int
    reason: str
    field: str | None = None
