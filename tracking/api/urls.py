from django.urls import path

from tracking.api.views import HeatView

urlpatterns = [
    path("heat", HeatView.as_view(), name="heat"),
]
