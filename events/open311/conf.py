"""Defaults of the Open311 endpoint, read once. Each is an environment variable of the same name
(or a Django setting, if config/settings.py defines one)."""

from django.conf import settings

from config.env import app_setting

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_BODY_BYTES = app_setting("OPEN311_MAX_BODY_BYTES", 1024 * 1024)
MAX_RESULTS = app_setting("OPEN311_MAX_RESULTS", 1000)  # the spec: "first 1000 requests"
MAX_IDS = 1000  # service_request_id values in one query
WINDOW_DAYS = 90  # the spec: the default span of GET requests and the longest allowed
JURISDICTION_ID = app_setting("OPEN311_JURISDICTION_ID", settings.DISTRICT_CODE)
CONTACT = app_setting("OPEN311_CONTACT", "常州市新北区网格化社会治理指挥中心")
KEY_SERVICE = app_setting(
    "OPEN311_KEY_SERVICE",
    "API key 由区指挥中心按客户端发放 (api keys are issued per client by the district command centre)",
)
# When the service list or definitions last changed in form (categories are read live).
CHANGESET = app_setting("OPEN311_CHANGESET", "2026-11-25T00:00:00+08:00")
# Requests in these category subtrees are never listed; by id they show status only (no text,
# place or photo): disputes and public-order leads concern private people.
PRIVATE_CATEGORIES = tuple(app_setting("OPEN311_PRIVATE_CATEGORIES", ("public_order", "dispute")))
