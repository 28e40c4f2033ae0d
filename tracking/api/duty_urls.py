from django.urls import path

from tracking.api.duty_views import (
    CheckInView,
    CheckOutView,
    CoverageView,
    DutyStatusView,
    GridReportView,
    PatrolView,
    StreetReportView,
    VisitPhotoView,
    VisitPlacesView,
    VisitView,
    WorkerReportView,
)

urlpatterns = [
    path("duty/checkin", CheckInView.as_view(), name="duty-checkin"),
    path("duty/checkout", CheckOutView.as_view(), name="duty-checkout"),
    path("duty/status", DutyStatusView.as_view(), name="duty-status"),
    path("duty/sessions/<int:pk>/patrol", PatrolView.as_view(), name="duty-patrol"),
    path("coverage", CoverageView.as_view(), name="coverage"),
    path("visits", VisitView.as_view(), name="visits"),
    path("visits/places", VisitPlacesView.as_view(), name="visit-places"),
    path("visits/<int:pk>/photo", VisitPhotoView.as_view(), name="visit-photo"),
    path("reports/workers", WorkerReportView.as_view(), name="report-workers"),
    path("reports/grids", GridReportView.as_view(), name="report-grids"),
    path("reports/streets", StreetReportView.as_view(), name="report-streets"),
]
