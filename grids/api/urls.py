from django.urls import path
from rest_framework.routers import SimpleRouter

from grids.api.adjust_views import AdjustmentsView, AdjustmentView, ApplyView, GridHistoryView, RevertView
from grids.api.views import ChainView, GridViewSet, LocateView, MicroGridViewSet, PlaceViewSet, SearchView

router = SimpleRouter(trailing_slash=False)
router.register("grids", GridViewSet, basename="grid")
router.register("microgrids", MicroGridViewSet, basename="microgrid")
router.register("places", PlaceViewSet, basename="place")
urlpatterns = [
    path("adjustments", AdjustmentsView.as_view(), name="adjustments"),
    path("adjustments/<int:pk>", AdjustmentView.as_view(), name="adjustment"),
    path("adjustments/<int:pk>/apply", ApplyView.as_view(), name="adjustment-apply"),
    path("adjustments/<int:pk>/revert", RevertView.as_view(), name="adjustment-revert"),
    path("grids/<str:code>/history", GridHistoryView.as_view(), name="grid-history"),
    path("locate", LocateView.as_view(), name="locate"),
    path("search", SearchView.as_view(), name="search"),
    path("chain/<str:code>", ChainView.as_view(), name="chain"),
    *router.urls,
]
