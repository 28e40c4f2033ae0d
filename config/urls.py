from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.health import healthz
from ops.views import metrics_view, readyz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/v1/", include("config.api_urls")),
    path("open311/v2/", include("events.open311.urls")),
    path("ogc/", include("analysis.ogc.urls")),
    path("analysis/", include("analysis.urls")),
    path("tiles/", include("geo.tiles.urls")),
    path("", include("tracking.urls")),
    path("", include("screens.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("webmap.urls")),
]

handler403 = "config.errors.denied"
handler404 = "config.errors.not_found"
