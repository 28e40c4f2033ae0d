"""Admin: users, their API tokens (revoke), the audit log (read-only). Every change made in the
admin (Django's admin log) is copied into the audit log as `admin.change` (accounts/apps.py)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts import tokens
from accounts.models import ApiToken, AuditEntry, User
from geo.admin import ReadOnlyAdmin

if not admin.site.is_registered(User):

    @admin.register(User)
    class UserAdmin(BaseUserAdmin):
        list_display = ["username", "first_name", "last_name", "role", "jurisdiction_code", "is_active"]
        list_filter = ["role", "is_active", "is_staff"]
        fieldsets = [*BaseUserAdmin.fieldsets, ("网格", {"fields": ["role", "jurisdiction_code", "phone"]})]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["user", "digest", "prefix", "name", "created_at", "expires_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # a key is shown once, by the API that issues it

    @admin.action(description="吊销 (revoke)")
    def revoke(self, request, queryset):
        for token in queryset:
            tokens.revoke(token)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["time", "action", "outcome", "username", "role", "address", "target"]
    list_filter = ["action", "outcome"]
    search_fields = ["username", "target"]
