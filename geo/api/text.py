"""Text a client sends: control characters are refused on intake and never emitted.

PostgreSQL text cannot hold NUL (a query with one fails as a DataError), and XML 1.0 cannot hold
any C0 control character except tab, line feed and carriage return (one in a stored description
makes an Open311 feed unparseable for everyone). So the same set is refused in every path, query
parameter, form field, header and JSON string (geo.api.guard), and `xml_safe` drops it from text
already stored when it is written as XML."""

import json
import re
from collections.abc import Mapping

__all__ = ["CONTROL", "has_control", "xml_safe", "control_field", "json_control_field"]

# C0 controls but tab (09), line feed (0A) and carriage return (0D); XML 1.0 allows only those three.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The same characters written as JSON escapes (\u0000…), preceded by an even number of backslashes
# (an odd number would make the backslash itself the escaped character).
_JSON_ESCAPED = re.compile(rb"(?<!\\)(?:\\\\)*\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])|\\u[fF]{3}[eEfF]")


def has_control(text) -> bool:
    return isinstance(text, str) and CONTROL.search(text) is not None


def xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry."""
    return CONTROL.sub("", text) if text else text


def control_field(items) -> str | None:
    """The first name in (name, value) pairs whose name or value holds a control character."""
    for name, value in items:
        if has_control(name) or has_control(value):
            return CONTROL.sub("?", name) or "?"
    return None


def json_control_field(body: bytes) -> str | None:
    """The dotted path of the first JSON string (member name or value) in `body` that holds a
    control character, or None. A cheap byte search first: the body is parsed only when an escaped
    control character appears in it (raw ones make the JSON itself invalid)."""
    if _JSON_ESCAPED.search(body) is None:
        return None
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return None  # the parser of the view says what is wrong with it
    return _walk(document, "")


def _walk(value, path):
    stack = [(value, path)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            if has_control(value):
                return path or "body"
        elif isinstance(value, Mapping):
            for key, item in value.items():
                name = f"{path}.{key}" if path else str(key)
                if has_control(key):
                    return CONTROL.sub("?", name)
                stack.append((item, name))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(value))
    return None
