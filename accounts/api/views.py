from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User

__all__ = ["TokenView", "MeView"]


class TokenView(ObtainAuthToken):
    """`POST {username, password}` → `{token}`; send it as `Authorization: Token <token>`."""


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
