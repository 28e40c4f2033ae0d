"""The login, logout and password pages. Login goes through accounts.throttle like every other
password check; logout revokes the user's API tokens; both are in the audit log."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from accounts import audit, tokens
from accounts.throttle import TooManyAttempts, check_password_login
from geo.errors import Unauthenticated

__all__ = ["ThrottledAuthenticationForm", "LoginView", "LogoutView", "PasswordChangeView"]


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form with the password checked by `check_password_login` (the admin's login
    uses it too, accounts/apps.py)."""

    channel = "web"

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username is not None and password:
            try:
                self.user_cache = check_password_login(self.request, username, password, self.channel)
            except TooManyAttempts as exc:
                raise ValidationError(str(exc), code="throttled") from None
            except Unauthenticated:
                raise self.get_invalid_login_error() from None
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class AdminAuthenticationForm(ThrottledAuthenticationForm):
    channel = "admin"

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login", params={"username": ""})


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm


class LogoutView(auth_views.LogoutView):
    """Logging out ends the session and revokes every API token of the user."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            revoked = tokens.revoke_all(request.user)
            audit.record(request, "logout", detail={"tokens_revoked": revoked})
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Any logged-in user changes their password; the password rules apply, other tokens end."""

    form_class = PasswordChangeForm
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        tokens.revoke_all(self.request.user)
        audit.record(self.request, "password.change")
        return response
