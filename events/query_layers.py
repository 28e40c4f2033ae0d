"""The events app's query layer for analysts: events (事项) with category, status, source filters."""

from django.db.models import Q

from accounts.privacy import mask_name, mask_phone
from events.models import Event, Priority, Source
from events.workflow import OPEN, TERMINAL, Status
from geo.query_layers import QueryLayer, bool_filter, choice_filter, prefix_filter, register

__all__ = ["LAYERS", "register_query_layers"]

LAYERS = [
    QueryLayer(
        name="events",
        title="事项 events",
        queryset=lambda: Event.objects.all(),
        geom_field="point",
        code_field="location_code",
        time_field="created_at",
        ogc=True,
        fields={
            "id": "id",
            "code": "code",
            "title": "title",
            "category": "category__code",
            "category_name": "category__name",
            "status": "status",
            "priority": "priority",
            "source": "source",
            "location_code": "location_code",
            "created_at": "created_at",
            "closed_at": "closed_at",
            "overdue": "overdue",
            "rating": "rating",
            "contact_name": "contact_name",
            "contact_phone": "contact_phone",
        },
        numeric=("priority", "rating"),
        personal={"contact_name": mask_name, "contact_phone": mask_phone},
        filters={
            "category": prefix_filter("category__code", "分类编码前缀 category code prefix, e.g. safety"),
            "status": choice_filter(
                "status",
                Status,
                {
                    "open": ("未办结 open", lambda: Q(status__in=OPEN)),
                    "closed": ("已终结 finished", lambda: Q(status__in=TERMINAL)),
                },
            ),
            "source": choice_filter("source", Source),
            "priority": choice_filter("priority", {str(v): label for v, label in Priority.choices}),
            "overdue": bool_filter("overdue"),
        },
    ),
]


def register_query_layers():
    for layer in LAYERS:
        register(layer)
