"""The operators' overview (态势总览): GET /api/v1/overview, the figures of events/overview.py for
the user's jurisdiction (a street operator's count only their street), cached briefly."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from events.overview import overview

__all__ = ["OverviewView"]

_counts = {name: serializers.IntegerField() for name in ("new", "closed", "overdue", "supervised", "urgent", "open")}
_duty = {
    "workers": serializers.IntegerField(),
    "on_duty": serializers.IntegerField(),
    "rate": serializers.FloatField(allow_null=True),
    "outside": serializers.IntegerField(),
    "silent": serializers.IntegerField(),
}
OVERVIEW_SCHEMA = inline_serializer(
    "Overview",
    {
        "time": serializers.DateTimeField(),
        "events": inline_serializer("OverviewEvents", _counts),
        "duty": inline_serializer("OverviewDuty", _duty),
        "streets": serializers.ListField(child=serializers.DictField(), help_text="code, name, workers, on_duty, rate"),
        "outside": serializers.ListField(child=serializers.DictField(), help_text="id, name, grid, lon, lat, time"),
        "alerts": serializers.ListField(
            child=serializers.DictField(),
            help_text="kind (overdue | urgent: id, code, title, status, priority, due_at; silent: id, name, grid, "
            "time), lon, lat (WGS84; null for a worker never located)",
        ),
    },
)


class OverviewView(APIView):
    """Today's events (new, closed; open ones overdue, supervised, urgent), the on-duty rate per street,
    on-duty workers outside their grid and the alert list, inside your jurisdiction. Cached for a few
    seconds; an event change makes the next read fresh."""

    @extend_schema(responses=OVERVIEW_SCHEMA)
    def get(self, request):
        return Response(overview(request.user.jurisdiction))
