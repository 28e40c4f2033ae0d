from django.urls import path

from analysis.api import views

urlpatterns = [
    path("query/layers", views.LayersView.as_view(), name="query-layers"),
    path("query/within", views.WithinView.as_view(), name="query-within"),
    path("query/buffer", views.BufferView.as_view(), name="query-buffer"),
    path("query/nearest", views.NearestView.as_view(), name="query-nearest"),
    path("query/aggregate", views.AggregateView.as_view(), name="query-aggregate"),
    path("query/saved", views.SavedQueryListView.as_view(), name="query-saved"),
    path("query/saved/<int:pk>", views.SavedQueryDetailView.as_view(), name="query-saved-detail"),
]
