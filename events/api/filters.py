"""Query-string filters of the event list. Bad input → 400 naming the parameter."""

from django.db.models import Q
from rest_framework.filters import BaseFilterBackend

from events.models import RiskKind, Source
from events.todo import assigned
from events.workflow import Status
from geo.errors import BadInput
from geo.jurisdiction import prefix_of

__all__ = ["EventFilter"]

_TRUE, _FALSE = {"1", "true", "yes"}, {"0", "false", "no"}


def _bool(value: str, param: str) -> bool:
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise BadInput(f"{param}: 应为 true 或 false (true or false)", field=param)


def _choices(value: str, allowed, param: str) -> list[str]:
    values = [v for v in value.split(",") if v]
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise BadInput(f"{param}: 未知取值 {unknown}; 可选 {', '.join(allowed)}", field=param)
    return values


class EventFilter(BaseFilterBackend):
    """status (comma list), category (code and its subtree), risk_kind (comma list of the categories'
    risk kinds), source, overdue, supervised, code (event code, prefix), location (area code prefix:
    street, community, grid), todo (mine to act on)."""

    params = ("status", "category", "risk_kind", "source", "overdue", "supervised", "code", "location", "todo")

    def filter_queryset(self, request, queryset, view):
        p = {k: request.query_params.get(k) for k in self.params}
        if p["status"]:
            queryset = queryset.filter(status__in=_choices(p["status"], Status.values, "status"))
        if p["source"]:
            queryset = queryset.filter(source__in=_choices(p["source"], Source.values, "source"))
        if p["category"]:
            queryset = queryset.filter(
                Q(category__code=p["category"]) | Q(category__code__startswith=p["category"] + ".")
            )
        if p["risk_kind"]:
            kinds = _choices(p["risk_kind"], RiskKind.values, "risk_kind")
            queryset = queryset.filter(category__risk_kind__in=kinds)
        for flag in ("overdue", "supervised"):
            if p[flag]:
                queryset = queryset.filter(**{flag: _bool(p[flag], flag)})
        if p["code"]:
            queryset = queryset.filter(code__startswith=p["code"].upper())
        if p["location"]:
            code = p["location"]
            queryset = queryset.filter(
                location_code__startswith=prefix_of(code) if len(code) == 12 and code.isdigit() else code
            )
        if p["todo"] and _bool(p["todo"], "todo"):
            queryset = queryset.filter(pk__in=assigned(request.user).values("pk"))
        return queryset

    def get_schema_operation_parameters(self, view):
        return [{"name": p, "required": False, "in": "query", "schema": {"type": "string"}} for p in self.params]
