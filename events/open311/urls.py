"""Open311 GeoReport v2 routes, included at `open311/v2/`. Every resource ends in .json or .xml;
service codes are dotted (`city.manhole`), so `services/city.manhole.json` is that service."""

from django.urls import re_path

from events.open311 import views

_FMT = r"\.(?P<fmt>json|xml)$"

app_name = "open311"
urlpatterns = [
    re_path(r"^discovery" + _FMT, views.discovery, name="discovery"),
    re_path(r"^services" + _FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[\w.\-]+?)" + _FMT, views.service_definition, name="service-definition"),
    re_path(r"^requests" + _FMT, views.request_list, name="requests"),
    re_path(r"^requests/(?P<request_id>[\w.\-]+?)" + _FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token_id>[\w.\-]+?)" + _FMT, views.token, name="token"),
]
