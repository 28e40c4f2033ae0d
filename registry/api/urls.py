from django.urls import path
from rest_framework.routers import SimpleRouter

from registry.api.group_views import AccessLogView, CountsView, GroupKindsView, MembershipsView, WarningsView
from registry.api.io_views import ExportView, ImportView
from registry.api.people_views import PeopleView, PersonCardView, PersonMoveView, PersonView
from registry.api.places_views import BuildingViewSet, HouseViewSet, OrganisationViewSet

router = SimpleRouter(trailing_slash=False)
router.register("buildings", BuildingViewSet, basename="building")
router.register("houses", HouseViewSet, basename="house")
router.register("organisations", OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("people", PeopleView.as_view(), name="people"),
    path("people/import", ImportView.as_view(), name="people-import"),
    path("people/export", ExportView.as_view(), name="people-export"),
    path("people/<int:pk>", PersonView.as_view(), name="person"),
    path("people/<int:pk>/card", PersonCardView.as_view(), name="person-card"),
    path("people/<int:pk>/move", PersonMoveView.as_view(), name="person-move"),
    path("group-kinds", GroupKindsView.as_view(), name="group-kinds"),
    path("group-members", MembershipsView.as_view(), name="group-members"),
    path("warnings", WarningsView.as_view(), name="registry-warnings"),
    path("registry/counts", CountsView.as_view(), name="registry-counts"),
    path("registry/access-log", AccessLogView.as_view(), name="registry-access-log"),
    *router.urls,
]
