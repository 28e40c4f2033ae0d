from django.urls import path

from tracking.api.duty_views import (
    CheckInView,
    CheckOutView,
    CoverageView,
    DutyStatusView,
    GridReportView,
    PatrolView,
    StreetReportView,
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
    path("reports/workers", WorkerReportView.as_view(), name="report-workers"),
    path("reports/grids", GridReportView.as_view(), name="report-grids"),
    path("reports/streets", StreetReportView.as_view(), name="report-streets"),
]
