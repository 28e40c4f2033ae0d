from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import audit, tokens
from accounts.models import ApiToken, User
from accounts.throttle import check_password_login
from geo.api.validation import validated
from geo.errors import BadInput, Forbidden, NotFound

__all__ = ["TokenView", "TokenListView", "TokenDetailView", "PasswordView", "MeView", "AuditView"]


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    name = serializers.CharField(max_length=100, required=False, default="", help_text="what the token is for")


class TokenSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")

    class Meta:
        model = ApiToken
        fields = ["id", "username", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]


class IssuedSerializer(TokenSerializer):
    token = serializers.CharField(source="key")

    class Meta(TokenSerializer.Meta):
        fields = ["token", *TokenSerializer.Meta.fields]


class TokenView(APIView):
    """`POST {username, password, name?}` → a new token (shown once) with its expiry; send it as
    `Authorization: Token <token>`. `DELETE` revokes the token this request carries (logout).
    Wrong passwords are counted per account and address: past the limit, 429 with Retry-After."""

    permission_classes = [AllowAny]

    @extend_schema(request=LoginSerializer, responses={200: IssuedSerializer})
    def post(self, request):
        data = validated(LoginSerializer, request.data)
        user = check_password_login(request, data["username"], data["password"], "api")
        token = tokens.issue(user, name=data["name"])
        audit.record(request, "token.create", user=user, target=f"token:{token.pk}")
        return Response(IssuedSerializer(token).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request):
        if not request.user.is_authenticated or not isinstance(request.auth, ApiToken):
            raise BadInput("请用要吊销的令牌发送此请求 (send this with the token to revoke)", field="authorization")
        tokens.revoke(request.auth)
        audit.record(request, "token.revoke", target=f"token:{request.auth.pk}")
        return Response(status=status.HTTP_204_NO_CONTENT)


def _may_manage_others(user) -> bool:
    return audit.can_read(user) or user.is_staff


class TokenListView(APIView):
    """Your tokens (`?user=` another user's, for district administrators), newest first."""

    serializer_class = TokenSerializer

    def get(self, request):
        username = request.query_params.get("user") or request.user.username
        if username != request.user.username and not _may_manage_others(request.user):
            raise Forbidden("只能查看自己的令牌 (you may list only your own tokens)", field="user")
        rows = ApiToken.objects.filter(user__username=username).select_related("user")[:200]
        return Response(TokenSerializer(rows, many=True).data)


class TokenDetailView(APIView):
    """`DELETE` revokes one token: yours, or anyone's for district administrators."""

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk):
        token = ApiToken.objects.filter(pk=pk).select_related("user").first()
        if token is None or (token.user_id != request.user.pk and not _may_manage_others(request.user)):
            raise NotFound("没有这个令牌 (no such token)")
        tokens.revoke(token)
        audit.record(request, "token.revoke", target=f"token:{token.pk}", detail={"owner": token.user.username})
        return Response(status=status.HTTP_204_NO_CONTENT)


class PasswordSerializer(serializers.Serializer):
    old_password = serializers.CharField(max_length=4096, trim_whitespace=False)
    new_password = serializers.CharField(max_length=4096, trim_whitespace=False)


class PasswordView(APIView):
    """`POST {old_password, new_password}`: the new one must pass the password rules
    (AUTH_PASSWORD_VALIDATORS). Every other token of yours is revoked."""

    @extend_schema(request=PasswordSerializer, responses={204: None})
    def post(self, request):
        data = validated(PasswordSerializer, request.data)
        change_password(request, request.user, data["old_password"], data["new_password"])
        tokens.revoke_all(request.user, keep=request.auth if isinstance(request.auth, ApiToken) else None)
        return Response(status=status.HTTP_204_NO_CONTENT)


def change_password(request, user, old: str, new: str) -> None:
    if not user.check_password(old):
        audit.record(request, "password.change", outcome="denied")
        raise BadInput("原密码错误 (the current password is wrong)", field="old_password")
    try:
        password_validation.validate_password(new, user)
    except ValidationError as exc:
        raise BadInput(f"new_password: {' '.join(exc.messages)}", field="new_password") from None
    user.set_password(new)
    user.save(update_fields=["password"])
    audit.record(request, "password.change")


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display")
    name = serializers.CharField(source="display_name")

    class Meta:
        model = User
        fields = ["username", "name", "role", "role_display", "jurisdiction_code"]


class MeView(APIView):
    """The logged-in user, their role and jurisdiction."""

    serializer_class = MeSerializer

    def get(self, request):
        return Response(MeSerializer(request.user).data)


class AuditQuerySerializer(serializers.Serializer):
    action = serializers.CharField(required=False, max_length=48, help_text="an action or its prefix, e.g. login")
    outcome = serializers.ChoiceField(required=False, choices=["ok", "denied"])
    user = serializers.CharField(required=False, max_length=150)
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=1000, default=200)


class AuditEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    time = serializers.DateTimeField()
    action = serializers.CharField()
    outcome = serializers.CharField()
    username = serializers.CharField()
    role = serializers.CharField()
    address = serializers.CharField(allow_null=True)
    target = serializers.CharField()
    detail = serializers.JSONField()


class AuditView(APIView):
    """The audit log, newest first, for district administrators; filters by action (prefix),
    outcome, user and time. Reads of person records are in `/api/v1/registry/access-log`."""

    @extend_schema(parameters=[AuditQuerySerializer], responses=AuditEntrySerializer(many=True))
    def get(self, request):
        if not audit.can_read(request.user):
            audit.record(request, "permission.denied", outcome="denied", target="audit")
            raise Forbidden("仅区级管理员可查看审计日志 (district administrators only)")
        q = validated(AuditQuerySerializer, request.query_params)
        rows = audit.entries(
            action=q.get("action"),
            outcome=q.get("outcome"),
            username=q.get("user"),
            since=q.get("since"),
            until=q.get("until"),
        )[: q["limit"]]
        return Response(AuditEntrySerializer(rows, many=True).data)
