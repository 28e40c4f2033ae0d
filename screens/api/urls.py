from django.urls import path

from screens.api.views import ScreenDataView, ScreenListView

urlpatterns = [
    path("screens", ScreenListView.as_view(), name="screens"),
    path("screens/<str:name>", ScreenDataView.as_view(), name="screen-data"),
]
