"""`POST /api/v1/integrations/{source}/events`: a source's webhook. Authorised by
`Authorization: Bearer <secret>` of the source named in the URL: none or a wrong one, or an
unknown source → 401 alike, a deactivated source → 403. 201 for a new item, 200 for a resent one."""

import hmac

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from events.integrations import conf
from events.integrations.intake import event_reply, receive
from events.integrations.models import IntegrationSource
from events.integrations.serializers import IncomingEventSerializer
from geo.api.body import BodyLimited, read_json
from geo.api.validation import validated

__all__ = ["SourceEventsView"]


class SourceSecretAuthentication(BaseAuthentication):
    """`request.auth` is the IntegrationSource whose secret the Bearer header carries."""

    def authenticate(self, request):
        scheme, _, secret = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return None
        code = request.parser_context["kwargs"]["source"]
        source = IntegrationSource.objects.filter(code=code).first()
        # An unknown source answers like a wrong secret, so sources cannot be enumerated.
        if source is None or not hmac.compare_digest(source.secret.encode(), secret.strip().encode()):
            raise exceptions.AuthenticationFailed("密钥错误 (wrong secret for this source)")
        if not source.active:
            raise exceptions.PermissionDenied("该对接系统已停用 (this source is deactivated)")
        return AnonymousUser(), source

    def authenticate_header(self, request):
        return 'Bearer realm="integrations"'


class SourceSecretScheme(OpenApiAuthenticationExtension):
    target_class = SourceSecretAuthentication
    name = "integrationSecret"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "the source's secret (IntegrationSource.secret)"}


class HasSource(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, IntegrationSource)


class SourceEventsView(BodyLimited, APIView):
    authentication_classes = [SourceSecretAuthentication]
    permission_classes = [HasSource]
    max_body_bytes = conf.WEBHOOK_MAX_BYTES

    @extend_schema(request=IncomingEventSerializer, responses={201: dict, 200: dict})
    def post(self, request, source):
        """One item `{external_id, title, description?, category, lon, lat, crs?, reported_at?,
        contact?: {name, phone, email}, priority?, address?}`; resending the same external_id is safe."""
        payload = read_json(request, conf.WEBHOOK_MAX_BYTES)
        received = receive(request.auth, validated(IncomingEventSerializer, payload))
        return Response(
            event_reply(received), status=status.HTTP_201_CREATED if received.created else status.HTTP_200_OK
        )
