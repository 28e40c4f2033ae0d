"""`/readyz` (readiness, 503 naming the failing part) and `/metrics` (Prometheus text format, for
a scraper from an allowed network or with the bearer token)."""

import hmac
import ipaddress

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from ops import conf, metrics
from ops.health import readiness

__all__ = ["readyz", "metrics_view", "may_scrape"]

_NETWORKS = [ipaddress.ip_network(n, strict=False) for n in conf.METRICS_ALLOWED_NETWORKS if n]


@require_GET
def readyz(request):
    parts = readiness()
    failing = [name for name, state in parts.items() if state != "ok"]
    body = {"status": "ok" if not failing else "unavailable", "failing": failing, "checks": parts}
    return JsonResponse(body, status=503 if failing else 200, json_dumps_params={"ensure_ascii": False})


def may_scrape(request) -> bool:
    if conf.METRICS_TOKEN:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(token.strip(), conf.METRICS_TOKEN):
            return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _NETWORKS)


@require_GET
def metrics_view(request):
    if not may_scrape(request):
        return JsonResponse({"detail": "不允许读取指标 (metrics: token or allowed network required)"}, status=403)
    return HttpResponse(metrics.render(), content_type=metrics.CONTENT_TYPE)
