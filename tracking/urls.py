"""Protocol endpoints at the site root: tracker apps are configured with these URLs."""

from django.urls import path

from tracking.api.intake import osmand, owntracks

urlpatterns = [
    path("osmand/", osmand, name="osmand"),
    path("owntracks/", owntracks, name="owntracks"),
]
