from django.urls import path

from accounts.api.views import MeView, TokenView

urlpatterns = [
    path("auth/token", TokenView.as_view(), name="auth-token"),
    path("me", MeView.as_view(), name="me"),
]
