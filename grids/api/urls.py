from django.urls import path
from rest_framework.routers import SimpleRouter

from grids.api.views import GridViewSet, LocateView, MicroGridViewSet, PlaceViewSet

router = SimpleRouter(trailing_slash=False)
router.register("grids", GridViewSet, basename="grid")
router.register("microgrids", MicroGridViewSet, basename="microgrid")
router.register("places", PlaceViewSet, basename="place")
urlpatterns = [path("locate", LocateView.as_view(), name="locate"), *router.urls]
