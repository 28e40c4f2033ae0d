from django.urls import path
from rest_framework.routers import SimpleRouter

from events.api.forces import ForcesNearbyView
from events.api.overview import OverviewView
from events.api.views import (
    CategoryListView,
    DepartmentListView,
    EventViewSet,
    ReminderViewSet,
    TodoEventsView,
    TodoView,
)

router = SimpleRouter(trailing_slash=False)
router.register("events", EventViewSet, basename="event")
router.register("reminders", ReminderViewSet, basename="reminder")
urlpatterns = [
    path("todo", TodoView.as_view(), name="todo"),
    path("todo/events", TodoEventsView.as_view(), name="todo-events"),
    path("overview", OverviewView.as_view(), name="overview"),
    path("forces/nearby", ForcesNearbyView.as_view(), name="forces-nearby"),
    path("event-categories", CategoryListView.as_view(), name="event-categories"),
    path("departments", DepartmentListView.as_view(), name="departments"),
    *router.urls,
]
