"""OsmAnd and OwnTracks on the lean path: Starlette handlers mounted ahead of Django
(config/asgi.py) that keep the Django views' behaviour (tracking/api/intake.py) — the same parsers,
body limit, device rules, error bodies and statuses — but skip Django's request cycle and hand
their fixes to group commit, answering only after the commit.

The Django views stay: Django's test client and any deployment without the lean router use them."""

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from starlette.requests import Request
from starlette.responses import Response

from geo.api.lean import error_json, json_response, read_body, refuse_control, server_error
from geo.errors import BadInput, DomainError, Unauthenticated
from ops import metrics
from tracking import conf, group_commit
from tracking.devices import UnknownDevice, basic_credentials, device_for_basic_auth
from tracking.protocols import ProtocolError
from tracking.protocols.osmand import parse_osmand
from tracking.protocols.owntracks import parse_owntracks

__all__ = ["osmand", "owntracks"]

log = logging.getLogger(__name__)
_SERVER_TZ = ZoneInfo(settings.TIME_ZONE)
_FORM = "application/x-www-form-urlencoded"
# OwnTracks checks credentials (maybe a password hash) off the event loop, on few threads.
_auth = ThreadPoolExecutor(2, thread_name_prefix="owntracks-auth")


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def osmand(request: Request) -> Response:
    """OsmAnd protocol (Traccar Client): as tracking.api.intake.osmand."""
    media = _media_type(request)
    try:
        body = await read_body(request, conf.MAX_BATCH_BYTES)
        refuse_control(request, body)
        form = {}
        if request.method == "POST" and media == _FORM:
            form = dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        identifier, fixes = parse_osmand(request.query_params, form, body, media, _SERVER_TZ)
        result = await group_commit.submit(identifier, fixes, "osmand")
        if result.rejected and not result.accepted and not result.duplicate:
            r = result.rejected[0]
            return error_json(BadInput(r.reason, field=r.field))
    except UnknownDevice as exc:
        # Traccar answers an unknown device in the query format with 400; the JSON format with 404.
        response = error_json(exc)
        response.status_code = 404 if media == "application/json" else 400
        return response
    except ProtocolError as exc:
        metrics.fixes_rejected("osmand", [exc.field])
        return error_json(exc)
    except DomainError as exc:
        return error_json(exc)
    except Exception:
        log.exception("osmand request failed")
        return server_error()
    return Response(status_code=200)


class _Caller:
    """What the password check needs of a request: the caller's address, for the per-address
    lockout (accounts.throttle) and the audit log, as Django's REMOTE_ADDR would give it."""

    user = None

    def __init__(self, request: Request):
        self.META = {"REMOTE_ADDR": request.client.host if request.client else ""}


def _check_credentials(username, password, device_name, caller):
    try:
        return device_for_basic_auth(username, password, device_name, caller)
    finally:
        connection.close()  # back to the pool: these threads hold no connection between requests


async def owntracks(request: Request) -> Response:
    """OwnTracks HTTP mode: as tracking.api.intake.owntracks; always `[]` on success."""
    try:
        body = await read_body(request, conf.MAX_BATCH_BYTES)
        refuse_control(request, body)
        username, password = basic_credentials(request.headers.get("authorization", ""))
        device_name, fixes = parse_owntracks(body, request.headers, request.query_params)
        if fixes:
            loop = asyncio.get_running_loop()
            device = await loop.run_in_executor(
                _auth, _check_credentials, username, password, device_name, _Caller(request)
            )
            await group_commit.submit(device, fixes, "owntracks")
    except Unauthenticated as exc:
        response = error_json(exc)
        response.headers["WWW-Authenticate"] = 'Basic realm="wangge"'
        return response
    except ProtocolError as exc:
        metrics.fixes_rejected("owntracks", [exc.field])
        return error_json(exc)
    except DomainError as exc:
        return error_json(exc)
    except Exception:
        log.exception("owntracks request failed")
        return server_error()
    return json_response([])
