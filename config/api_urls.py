from django.urls import include, path

urlpatterns = [
    path("", include("accounts.api.urls")),
    path("", include("geo.api.urls")),
    path("", include("grids.api.urls")),
    path("", include("tracking.api.urls")),
    path("", include("tracking.api.duty_urls")),
    path("", include("events.api.urls")),
    path("", include("militia.api.urls")),
    path("", include("analysis.api.urls")),
    path("", include("registry.api.urls")),
    path("", include("assessment.api.urls")),
    path("", include("screens.api.urls")),
    path("integrations/", include("events.integrations.urls")),
]
