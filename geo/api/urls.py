from rest_framework.routers import SimpleRouter

from geo.api.views import AdminAreaViewSet

router = SimpleRouter(trailing_slash=False)
router.register("areas", AdminAreaViewSet, basename="area")
urlpatterns = router.urls
