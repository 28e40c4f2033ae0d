"""Open311 GeoReport v2 endpoints. Each parses, checks, calls `catalog`/`requests` and renders in
the format the URL ends with. Anonymous and CSRF-exempt: reading needs nothing, posting needs an
`api_key`. Errors are the spec's error list with the matching HTTP status."""

import functools

from django.http import HttpResponseNotAllowed
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from events.open311 import catalog, conf, service_requests
from events.open311.parsing import parse_crs, parse_new_request, parse_query
from events.open311.rendering import render, render_error
from geo.api.body import check_body_size
from geo.api.idempotency import form_digest, idempotent
from geo.errors import DomainError, NotFound

__all__ = ["discovery", "services", "service_definition", "request_list", "request_detail", "token"]


def _check_jurisdiction(params):
    """We serve one jurisdiction; a client naming another gets the spec's 404."""
    given = (params.get("jurisdiction_id") or "").strip()
    if given and given != conf.JURISDICTION_ID:
        raise NotFound(
            f"jurisdiction_id {given!r} 不存在，本接口服务 {conf.JURISDICTION_ID} "
            f"(jurisdiction_id not found: this endpoint serves {conf.JURISDICTION_ID})",
            field="jurisdiction_id",
        )


def endpoint(*methods):
    """Method check, body size limit, jurisdiction_id, and DomainError → the spec's error body."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request, *args, fmt, **kwargs):
            if request.method not in methods:
                return HttpResponseNotAllowed(methods)
            try:
                if request.method == "POST":
                    check_body_size(request, conf.MAX_BODY_BYTES)
                _check_jurisdiction(request.POST if request.method == "POST" else request.GET)
                return view(request, *args, fmt=fmt, **kwargs)
            except DomainError as exc:
                return render_error(exc, fmt)

        return wrapper

    return decorate


@endpoint("GET")
def discovery(request, fmt):
    """Service discovery (http://wiki.open311.org/Service_Discovery) for this endpoint."""
    url = request.build_absolute_uri("/open311/v2").rstrip("/")
    return render(
        {
            "changeset": conf.CHANGESET,
            "contact": conf.CONTACT,
            "key_service": conf.KEY_SERVICE,
            "endpoints": [
                {
                    "specification": conf.SPECIFICATION,
                    "url": url,
                    "changeset": conf.CHANGESET,
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
        fmt,
        root="discovery",
    )


@endpoint("GET")
def services(request, fmt):
    return render([catalog.service_item(c) for c in catalog.services()], fmt, root="services", item="service")


@endpoint("GET")
def service_definition(request, code, fmt):
    return render(catalog.service_definition(catalog.service(code)), fmt, root="service_definition")


@endpoint("GET", "POST")
def request_list(request, fmt):
    """GET: requests by id, or by service_code, start_date/end_date (≤ 90 days) and status.
    POST (form-encoded, api_key): create one; the reply carries its id."""
    if request.method == "POST":
        # The key only in the form body: a query string lands in access logs and browser history.
        request.open311_client = service_requests.client_for_key(request.POST.get("api_key"))
        return _create_request(request, fmt)
    query = parse_query(request.GET, timezone.now())
    return render(
        [service_requests.request_item(e, query.crs) for e in service_requests.find_requests(query)],
        fmt,
        root="service_requests",
        item="request",
    )


@idempotent("open311.requests", owner=lambda request: f"open311:{request.open311_client.pk}", derive=form_digest)
def _create_request(request, fmt):
    """After the key check: a retry (the same Idempotency-Key, client_id or form) gets the first reply."""
    event = service_requests.create_request(request.open311_client, parse_new_request(request.POST))
    return render([service_requests.created_item(event)], fmt, root="service_requests", item="request")


@endpoint("GET")
def request_detail(request, request_id, fmt):
    item = service_requests.request_item(service_requests.get_request(request_id), parse_crs(request.GET))
    return render([item], fmt, root="service_requests", item="request")


@endpoint("GET")
def token(request, token_id, fmt):
    """Requests are created synchronously, so a token is the request's own id."""
    event = service_requests.get_request(token_id)
    return render([service_requests.token_item(event)], fmt, root="service_requests", item="request")
