"""Conversions between the coordinate systems of Chinese web maps; all values in **degrees**.

* ``wgs84``    -- GPS / international maps.
* ``cgcs2000`` -- the national datum; within centimetres of WGS84, so treated as identical.
* ``gcj02``    -- the state-mandated obfuscated system (Amap/Gaode, Tencent).
* ``bd09``     -- Baidu's further offset of GCJ-02.

GCJ-02 uses the widely published formula on the Krasovsky 1940 ellipsoid; BD-09 the
published polar offset. Neither has a closed-form inverse, so inverses are solved by
fixed-point iteration to below 1e-9 degrees (sub-millimetre).

Every conversion accepts scalars, lists or numpy arrays (``lon`` and ``lat`` broadcast
together). Scalar input gives a ``(float, float)`` tuple; anything else gives a pair of
float64 arrays of the broadcast shape. Points outside mainland China's rough bounding
box are returned unshifted by every conversion (BD-09 included), element by element.
"""

import functools
import math

import numpy as np

__all__ = [
    "CRS_NAMES",
    "UnknownCRS",
    "parse_crs",
    "to_wgs84",
    "from_wgs84",
    "wgs84_to_gcj02",
    "gcj02_to_wgs84",
    "gcj02_to_bd09",
    "bd09_to_gcj02",
    "wgs84_to_bd09",
    "bd09_to_wgs84",
]

CRS_NAMES = ("wgs84", "cgcs2000", "gcj02", "bd09")

_A = 6378245.0  # Krasovsky 1940 semi-major axis, metres
_EE = 0.00669342162296594323  # Krasovsky 1940 first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0
_BD_DLON, _BD_DLAT = 0.0065, 0.006

_TOLERANCE = 1e-9  # degrees; about 0.1 mm
_MAX_ITERATIONS = 10


class UnknownCRS(ValueError):
    """Raised for a coordinate-system name outside :data:`CRS_NAMES`."""

    def __init__(self, value):
        self.value = value
        super().__init__(f'unknown crs "{value}"; accepted: {", ".join(CRS_NAMES)}')


def parse_crs(name, default="wgs84"):
    """Return the canonical name for ``name`` (case-insensitive, whitespace ignored).

    ``None`` or a blank string means ``default``; pass ``default=None`` to make a
    missing name an error. Raises :class:`UnknownCRS` for anything unrecognised.
    """
    if name is None or (isinstance(name, str) and not name.strip()):
        if default is None:
            raise UnknownCRS("" if name is None else name)
        return parse_crs(default, default=None)
    canonical = name.strip().lower() if isinstance(name, str) else None
    if canonical not in CRS_NAMES:
        raise UnknownCRS(name)
    return canonical


def _vectorised(func):
    """Let ``func`` work on float64 arrays while callers may pass scalars or lists."""

    @functools.wraps(func)
    def wrapper(lon, lat):
        scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
        lon, lat = np.broadcast_arrays(np.asarray(lon, np.float64), np.asarray(lat, np.float64))
        # broadcast_arrays gives read-only views of the caller's data; never hand those back.
        out_lon, out_lat = func(lon.copy(), lat.copy())
        if scalar:
            return float(out_lon), float(out_lat)
        return out_lon, out_lat

    return wrapper


def _outside_china(lon, lat):
    return (lon < 72.004) | (lon > 137.8347) | (lat < 0.8293) | (lat > 55.8271)


def _shift_lat(x, y):
    """GCJ-02 latitude shift in metres, for offsets (x, y) degrees from (105E, 35N)."""
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def _shift_lon(x, y):
    """GCJ-02 longitude shift in metres, for offsets (x, y) degrees from (105E, 35N)."""
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    return ret


def _gcj02_forward(lon, lat):
    x, y = lon - 105.0, lat - 35.0
    rad_lat = np.radians(lat)
    w = 1.0 - _EE * np.sin(rad_lat) ** 2
    # Metres to degrees via the Krasovsky radii of curvature at this latitude.
    meridian_radius = _A * (1.0 - _EE) / (w * np.sqrt(w))
    normal_radius = _A / np.sqrt(w)
    dlat = _shift_lat(x, y) * 180.0 / (meridian_radius * np.pi)
    dlon = _shift_lon(x, y) * 180.0 / (normal_radius * np.cos(rad_lat) * np.pi)
    outside = _outside_china(lon, lat)
    return np.where(outside, lon, lon + dlon), np.where(outside, lat, lat + dlat)


def _bd09_forward(lon, lat):
    z = np.hypot(lon, lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    outside = _outside_china(lon, lat)
    bd_lon = z * np.cos(theta) + _BD_DLON
    bd_lat = z * np.sin(theta) + _BD_DLAT
    return np.where(outside, lon, bd_lon), np.where(outside, lat, bd_lat)


def _bd09_approximate_inverse(lon, lat):
    # The commonly published inverse evaluates the wobble terms at the BD-09 point, not
    # the GCJ-02 one, so it is off by up to ~0.15 m; it is only a starting guess.
    x, y = lon - _BD_DLON, lat - _BD_DLAT
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    outside = _outside_china(lon, lat)
    return np.where(outside, lon, z * np.cos(theta)), np.where(outside, lat, z * np.sin(theta))


def _invert(forward, lon, lat, guess_lon, guess_lat):
    """Solve ``forward(x) == (lon, lat)`` by fixed-point iteration from a guess.

    Both forward maps are the identity plus a small, slowly varying offset, so subtracting
    the residual shrinks the error ~300-fold per step; three or four steps suffice.
    """
    for _ in range(_MAX_ITERATIONS):
        f_lon, f_lat = forward(guess_lon, guess_lat)
        err_lon, err_lat = f_lon - lon, f_lat - lat
        guess_lon, guess_lat = guess_lon - err_lon, guess_lat - err_lat
        # NaN compares false, so NaN input neither blocks nor fakes convergence.
        if not np.any((np.abs(err_lon) > _TOLERANCE) | (np.abs(err_lat) > _TOLERANCE)):
            break
    return guess_lon, guess_lat


def _gcj02_inverse(lon, lat):
    # Start from the naive inverse: subtract the offset evaluated at the GCJ-02 point.
    f_lon, f_lat = _gcj02_forward(lon, lat)
    return _invert(_gcj02_forward, lon, lat, 2 * lon - f_lon, 2 * lat - f_lat)


def _bd09_inverse(lon, lat):
    return _invert(_bd09_forward, lon, lat, *_bd09_approximate_inverse(lon, lat))


@_vectorised
def wgs84_to_gcj02(lon, lat):
    """WGS84 degrees -> GCJ-02 degrees."""
    return _gcj02_forward(lon, lat)


@_vectorised
def gcj02_to_wgs84(lon, lat):
    """GCJ-02 degrees -> WGS84 degrees (iterative; error < 1e-9 degrees)."""
    return _gcj02_inverse(lon, lat)


@_vectorised
def gcj02_to_bd09(lon, lat):
    """GCJ-02 degrees -> BD-09 degrees."""
    return _bd09_forward(lon, lat)


@_vectorised
def bd09_to_gcj02(lon, lat):
    """BD-09 degrees -> GCJ-02 degrees (iterative; error < 1e-9 degrees)."""
    return _bd09_inverse(lon, lat)


@_vectorised
def wgs84_to_bd09(lon, lat):
    """WGS84 degrees -> BD-09 degrees."""
    return _bd09_forward(*_gcj02_forward(lon, lat))


@_vectorised
def bd09_to_wgs84(lon, lat):
    """BD-09 degrees -> WGS84 degrees (two iterative inverses)."""
    return _gcj02_inverse(*_bd09_inverse(lon, lat))


@_vectorised
def _unchanged(lon, lat):
    return lon, lat


_IDENTITY = {"wgs84": _unchanged, "cgcs2000": _unchanged}
_TO_WGS84 = {**_IDENTITY, "gcj02": gcj02_to_wgs84, "bd09": bd09_to_wgs84}
_FROM_WGS84 = {**_IDENTITY, "gcj02": wgs84_to_gcj02, "bd09": wgs84_to_bd09}


def to_wgs84(lon, lat, crs):
    """Convert degrees in ``crs`` (any name :func:`parse_crs` accepts) to WGS84 degrees."""
    return _TO_WGS84[parse_crs(crs)](lon, lat)


def from_wgs84(lon, lat, crs):
    """Convert WGS84 degrees to degrees in ``crs`` (any name :func:`parse_crs` accepts)."""
    return _FROM_WGS84[parse_crs(crs)](lon, lat)
