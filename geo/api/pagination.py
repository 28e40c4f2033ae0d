from rest_framework_gis.pagination import GeoJsonPagination

__all__ = ["FeaturePagination"]


class FeaturePagination(GeoJsonPagination):
    page_size = 100
    max_page_size = 1000
