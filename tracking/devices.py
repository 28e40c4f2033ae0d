"""Finding the device a request speaks for."""

import base64
import binascii
import hmac

from django.conf import settings

from accounts.models import User
from accounts.throttle import check_password_login
from geo.errors import Forbidden, NotFound, Unauthenticated
from tracking.models import Device, UploadBatch

__all__ = [
    "UnknownDevice",
    "basic_credentials",
    "device_by_identifier",
    "devices_by_identifier",
    "device_for_user",
    "device_for_basic_auth",
    "upload_worker",
    "record_upload",
]


class UnknownDevice(NotFound):
    pass


def device_by_identifier(identifier: str) -> Device:
    """The active device with this platform-issued identifier; a guessed id gets nothing."""
    device = Device.objects.select_related("user").filter(identifier=identifier, is_active=True).first()
    if device is None or not device.user.is_active:
        raise UnknownDevice("未知设备 (unknown device id)", field="id")
    return device


def devices_by_identifier(identifiers) -> dict[str, Device]:
    """Active devices of active users by identifier, in one query (group commit's lookup)."""
    if not identifiers:
        return {}
    found = Device.objects.select_related("user").filter(
        identifier__in=list(identifiers), is_active=True, user__is_active=True
    )
    return {device.identifier: device for device in found}


def device_for_user(user, name: str = "网页定位") -> Device:
    """The user's first active device, or a new one (the worker page shares the browser's location)."""
    device = user.devices.filter(is_active=True).order_by("id").first()
    return device or Device.objects.create(user=user, name=name)


def device_for_basic_auth(username: str, password: str, device_name: str | None, request=None) -> Device:
    """OwnTracks HTTP mode: the password is either one of the user's device identifiers (what we
    recommend typing into the app) or the account password, checked with the same brute-force
    limits as every login (accounts.throttle: 429 when locked out, 401 when wrong)."""
    device = Device.objects.select_related("user").filter(user__username=username, is_active=True, user__is_active=True)
    for candidate in device:
        if hmac.compare_digest(candidate.identifier, password):
            return candidate
    user = check_password_login(request, username, password, "owntracks")
    named = user.devices.filter(is_active=True, name=f"OwnTracks {device_name}").first() if device_name else None
    return named or device_for_user(user, name=f"OwnTracks {device_name or ''}".strip())


def basic_credentials(header: str) -> tuple[str, str]:
    """(username, password) from an HTTP Basic `Authorization` header; Unauthenticated otherwise."""
    scheme, _, value = header.partition(" ")
    try:
        username, _, password = base64.b64decode(value).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        username = password = ""
    if scheme.lower() != "basic" or not username:
        raise Unauthenticated("需要 HTTP Basic 认证 (Basic authentication required)", field="authorization")
    return username, password


def upload_worker(caller, username: str | None):
    """Whose fixes an upload is: the caller's, or (roles in POSITION_PROXY_ROLES only) a worker in
    the caller's jurisdiction named by `username`."""
    if not username or username == caller.username:
        return caller
    if caller.role not in settings.POSITION_PROXY_ROLES:
        raise Forbidden("只能上传自己的轨迹 (you may upload only your own positions)", field="user")
    worker = User.objects.filter(username=username).first()
    if worker is None or not caller.jurisdiction.covers(worker.jurisdiction_code or None):
        raise NotFound("找不到该网格员 (no such worker in your jurisdiction)", field="user")
    return worker


def record_upload(uploader, device: Device, source: str, result, file_name: str = "") -> UploadBatch:
    return UploadBatch.objects.create(
        uploader=uploader,
        device=device,
        source=source,
        file_name=file_name[:200],
        accepted=result.accepted,
        duplicate=result.duplicate,
        rejected=len(result.rejected),
    )
