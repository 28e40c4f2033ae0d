from django.urls import path
from rest_framework.routers import SimpleRouter

from militia.api.command import DispatchView, EmergencyViewSet, NoticeViewSet, PlanViewSet
from militia.api.tasks import MyTasksView, TaskViewSet
from militia.api.units import MemberViewSet, OrgViewSet, ResourceViewSet, StockMapView, TransferView

router = SimpleRouter(trailing_slash=False)
router.register("militia/orgs", OrgViewSet, basename="militia-org")
router.register("militia/members", MemberViewSet, basename="militia-member")
router.register("militia/resources", ResourceViewSet, basename="militia-resource")
router.register("militia/tasks", TaskViewSet, basename="militia-task")
router.register("militia/plans", PlanViewSet, basename="militia-plan")
router.register("militia/emergencies", EmergencyViewSet, basename="militia-emergency")
router.register("notices", NoticeViewSet, basename="notice")
urlpatterns = [
    path("forces/dispatch", DispatchView.as_view(), name="forces-dispatch"),
    path("militia/transfers", TransferView.as_view(), name="militia-transfers"),
    path("militia/stock", StockMapView.as_view(), name="militia-stock"),
    path("militia/my-tasks", MyTasksView.as_view(), name="militia-my-tasks"),
    *router.urls,
]
