from django.http import HttpResponse


def healthz(request):
    """Liveness for load balancers (and the trivial baseline of bench/osmand.py): no database."""
    return HttpResponse("ok", content_type="text/plain")
