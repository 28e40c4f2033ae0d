"""Structured logs: every record carries the id of the request or job it belongs to, and with
`LOG_FORMAT=json` each record is one JSON object on one line (what Loki, Elasticsearch or journald
readers expect). Configured in config/settings.py's LOGGING."""

import json
import logging
from datetime import datetime, timezone

from ops import context

__all__ = ["RequestIdFilter", "JsonFormatter", "TextFormatter"]

# Attributes every LogRecord has; anything else on a record came from `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Sets `record.request_id` from the current request or job (unless the caller passed one)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = context.request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or context.request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
