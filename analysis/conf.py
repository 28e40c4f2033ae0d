"""The analysis app's settings, read when used (so tests can override them) with their defaults."""

from django.conf import settings

__all__ = [
    "statement_timeout_ms",
    "export_max_rows",
    "PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "MAX_RADIUS_M",
    "MAX_K",
    "MAX_SPAN_DAYS",
    "MAX_H3_POINTS",
    "MAX_GEOMETRY_POINTS",
    "MAX_GEOMETRY_KM2",
]

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_RADIUS_M = 50_000.0  # metres, EPSG:4549
MAX_K = 100
MAX_SPAN_DAYS = 366  # longest from/to window of any query
MAX_H3_POINTS = 2_000_000  # points binned into H3 cells in one aggregate (layers without an H3 column)
MAX_GEOMETRY_POINTS = 10_000  # vertices of a drawn geometry
MAX_GEOMETRY_KM2 = 5_000.0  # area of a drawn polygon, km² (the district is ~508 km²)


def statement_timeout_ms() -> int:
    return int(getattr(settings, "ANALYSIS_STATEMENT_TIMEOUT_MS", 10_000))


def export_max_rows() -> int:
    return int(getattr(settings, "ANALYSIS_EXPORT_MAX_ROWS", 200_000))
