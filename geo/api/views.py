"""Admin-area API, and the base every jurisdiction-cut GeoJSON list/detail view builds on."""

from rest_framework import viewsets

from geo.api.filters import BBoxFilter, PropertyFilter
from geo.api.pagination import FeaturePagination
from geo.api.serializers import AdminAreaSerializer
from geo.models import AdminArea

__all__ = ["JurisdictionViewSet", "AdminAreaViewSet"]


class JurisdictionViewSet(viewsets.ReadOnlyModelViewSet):
    """Lists and details cut to the user's jurisdiction: rows outside it are 404 by id, absent in lists."""

    filter_backends = [BBoxFilter, PropertyFilter]
    pagination_class = FeaturePagination
    bbox_filter_field = "geom"

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user.jurisdiction)


class AdminAreaViewSet(JurisdictionViewSet):
    """行政区域 (district, streets, communities) as GeoJSON."""

    queryset = AdminArea.objects.select_related("parent")
    serializer_class = AdminAreaSerializer
    property_filters = {
        "code": "code__startswith",
        "level": "level",
        "name": "name__contains",
        "parent": "parent__code",
    }
