from django.urls import path

from tracking.api.intake import GpxUploadView, PositionBatchView
from tracking.api.views import HeatView, LiveWorkersView, WorkerCardView, WorkerTrackView

urlpatterns = [
    path("positions", PositionBatchView.as_view(), name="positions"),
    path("positions/gpx", GpxUploadView.as_view(), name="positions-gpx"),
    path("heat", HeatView.as_view(), name="heat"),
    path("live/workers", LiveWorkersView.as_view(), name="live-workers"),
    path("workers/<str:username>/card", WorkerCardView.as_view(), name="worker-card"),
    path("workers/<str:username>/track", WorkerTrackView.as_view(), name="worker-track"),
]
