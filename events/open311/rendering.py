"""Open311 bodies in JSON or XML, shaped as in the spec's examples: a list in JSON is a wrapped list
of elements in XML (`<services><service>…`, `<service_requests><request>…`,
`<errors><error>…`); None is an empty element, booleans are true/false. UTF-8 throughout."""

import json
from xml.etree import ElementTree as ET

from django.http import HttpResponse

from geo.api.errors import describe
from geo.api.text import xml_safe
from geo.errors import DomainError

__all__ = ["FORMATS", "CONTENT_TYPES", "render", "render_error", "to_xml"]

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
FORMATS = tuple(CONTENT_TYPES)
# A list under these keys becomes <key><item>…</item>…</key> in XML.
_ITEM_NAMES = {"values": "value", "formats": "format", "endpoints": "endpoint", "attributes": "attribute"}
_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_safe(str(value))  # rows stored before control characters were refused


def _fill(element: ET.Element, value):
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, (list, tuple)):
        item_name = _ITEM_NAMES.get(element.tag, "item")
        for child in value:
            _fill(ET.SubElement(element, item_name), child)
    else:
        element.text = _text(value)


def to_xml(data, root: str, item: str | None = None) -> bytes:
    """`data` a dict (the root's children) or a list (one `item` element each)."""
    element = ET.Element(root)
    if isinstance(data, list):
        for value in data:
            _fill(ET.SubElement(element, item), value)
    else:
        _fill(element, data)
    return _XML_DECLARATION + ET.tostring(element, encoding="utf-8", xml_declaration=False)


def render(data, fmt: str, *, root: str, item: str | None = None, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        body = to_xml(data, root, item)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def render_error(exc: DomainError, fmt: str) -> HttpResponse:
    """The API's error (geo.api.errors) in the spec's form: `[{"code": 400, "description": "…"}]` /
    `<errors><error>…`, with that HTTP status; one item per problem when an input had several."""
    status, body, _ = describe(exc)
    errors = body.get("errors", [])
    problems = [f"{e['field']}: {e['message']}" for e in errors] if len(errors) > 1 else [body["detail"]]
    return render(
        [{"code": status, "description": text} for text in problems], fmt, root="errors", item="error", status=status
    )
