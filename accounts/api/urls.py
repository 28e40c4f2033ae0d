from django.urls import path

from accounts.api.views import AuditView, MeView, PasswordView, TokenDetailView, TokenListView, TokenView

urlpatterns = [
    path("auth/token", TokenView.as_view(), name="auth-token"),
    path("auth/tokens", TokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<int:pk>", TokenDetailView.as_view(), name="auth-token-detail"),
    path("auth/password", PasswordView.as_view(), name="auth-password"),
    path("audit", AuditView.as_view(), name="audit"),
    path("me", MeView.as_view(), name="me"),
]
