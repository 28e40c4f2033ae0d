"""Integration webhooks, included at `api/v1/integrations/`."""

from django.urls import path

from events.integrations.views import SourceEventsView

urlpatterns = [
    path("<str:source>/events", SourceEventsView.as_view(), name="integration-events"),
]
