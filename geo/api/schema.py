"""OpenAPI: one `Error` component (the body of geo.api.errors) on every operation's error responses.

Every operation lists 400; 401 and 403 unless anyone may call it; 404 when its path has a
parameter; 413 when the view limits its body (geo.api.body.BodyLimited). An operation that
documents one of these itself keeps its own."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny

__all__ = ["ErrorSerializer", "AutoSchema"]


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="the field: `lon`, `contact.phone`, `attachments[2]` or `body`")
    message = serializers.CharField()
    code = serializers.CharField(required=False, help_text="grid adjustments: the grid or micro-grid at fault")
    geometry = serializers.JSONField(required=False, help_text="grid adjustments: GeoJSON of the shape to highlight")


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx of the API."""

    detail = serializers.CharField(help_text="what went wrong, for a person (Chinese, or English with `en`)")
    field = serializers.CharField(required=False, help_text="the field to fix, when one is at fault")
    errors = FieldErrorSerializer(
        many=True, required=False, help_text="with `field`: every problem of the input, first the one `field` names"
    )


_DESCRIPTIONS = {
    "400": "invalid input: `field` names the first problem, `errors` lists all",
    "401": "not authenticated",
    "403": "your role or jurisdiction does not allow this",
    "404": "no such object, or not in your jurisdiction",
    "413": "request body too large",
}


class AutoSchema(SpectacularAutoSchema):
    def _error_codes(self) -> list[str]:
        codes = ["400"]
        if not all(isinstance(p, AllowAny) for p in self.view.get_permissions()):
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        if getattr(self.view, "max_body_bytes", None) and self.method in ("POST", "PUT", "PATCH"):
            codes.append("413")
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code in self._error_codes():
                if code not in responses:
                    error = OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code])
                    responses[code] = self._get_response_for_code(error, code, direction=direction)
        return responses
