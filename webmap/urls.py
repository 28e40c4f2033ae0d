from django.urls import path

from accounts.views import LoginView, LogoutView, PasswordChangeView
from webmap import events_views, militia_views, pwa, registry_views, views
from webmap.catalog import javascript_catalog

urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("password/", PasswordChangeView.as_view(), name="password_change"),
    path("jsi18n/", javascript_catalog, name="javascript-catalog"),
    path("", views.home, name="home"),
    path("map/", views.command_map, name="map"),
    path("worker/", views.worker, name="worker"),
    path("worker/sw.js", pwa.service_worker, name="worker-sw"),
    path("worker/manifest.webmanifest", pwa.manifest, name="worker-manifest"),
    path("events/", events_views.events_page, name="events"),
    path("militia/", militia_views.militia_page, name="militia"),
    path("registry/", registry_views.people_page, name="registry"),
    path("registry/people/<int:pk>/", registry_views.person_page, name="registry-person"),
    path("registry/buildings/<int:pk>/", registry_views.building_page, name="registry-building"),
]
