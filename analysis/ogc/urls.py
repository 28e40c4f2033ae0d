from django.urls import path

from analysis.ogc import views

urlpatterns = [
    path("", views.LandingView.as_view(), name="ogc-landing"),
    path("conformance", views.ConformanceView.as_view(), name="ogc-conformance"),
    path("collections", views.CollectionsView.as_view(), name="ogc-collections"),
    path("collections/<str:collection_id>", views.CollectionView.as_view(), name="ogc-collection"),
    path("collections/<str:collection_id>/items", views.ItemsView.as_view(), name="ogc-items"),
    path("collections/<str:collection_id>/items/<str:feature_id>", views.ItemView.as_view(), name="ogc-item"),
]
