from django.urls import path
from rest_framework.routers import SimpleRouter

from grids.api.views import ChainView, GridViewSet, LocateView, MicroGridViewSet, PlaceViewSet, SearchView

router = SimpleRouter(trailing_slash=False)
router.register("grids", GridViewSet, basename="grid")
router.register("microgrids", MicroGridViewSet, basename="microgrid")
router.register("places", PlaceViewSet, basename="place")
urlpatterns = [
    path("locate", LocateView.as_view(), name="locate"),
    path("search", SearchView.as_view(), name="search"),
    path("chain/<str:code>", ChainView.as_view(), name="chain"),
    *router.urls,
]
