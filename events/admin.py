"""Admin for the configuration (departments, categories, routing rules, department staff). Events
are read here, changed only through the services; the action log is read-only."""

from django.contrib import admin, messages

from events.integrations.models import IntegrationSource
from events.keys import digest, new_secret
from events.models import Category, Department, DepartmentMember, Event, EventAction, Open311Client, RoutingRule
from geo.admin import ReadOnlyAdmin


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "jurisdiction_code", "active"]
    search_fields = ["code", "name"]


@admin.register(DepartmentMember)
class DepartmentMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "department"]
    autocomplete_fields = ["department"]
    raw_id_fields = ["user"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "department", "deadline_hours", "photo_required", "active"]
    list_filter = ["active", "photo_required"]
    search_fields = ["code", "name"]


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["category", "street_code", "department", "handler_role", "order", "active"]
    list_filter = ["active", "handler_role"]


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "category", "status", "level", "handler", "due_at", "overdue", "supervised"]
    list_filter = ["status", "level", "source", "overdue", "supervised"]
    search_fields = ["code", "title"]


@admin.register(EventAction)
class EventActionAdmin(ReadOnlyAdmin):
    list_display = ["event", "time", "actor_name", "action", "from_status", "to_status"]
    list_filter = ["action"]


@admin.register(Open311Client)
class Open311ClientAdmin(admin.ModelAdmin):
    """Open311 clients: create one, then "rotate key" shows its key once (only a hash is stored)."""

    list_display = ["name", "active", "created_at"]
    actions = ["rotate_key"]

    @admin.action(description="生成新 API key (rotate the key; shown once)")
    def rotate_key(self, request, queryset):
        for client in queryset:
            self.message_user(request, f"{client.name}: {client.rotate()}", messages.WARNING)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.api_key = digest(new_secret())  # unusable until rotated: the key is shown by the action
        super().save_model(request, obj, form, change)


@admin.register(IntegrationSource)
class IntegrationSourceAdmin(admin.ModelAdmin):
    """Integration sources: "rotate secret" shows the new webhook secret once."""

    list_display = ["code", "name", "active"]
    exclude = ["secret"]
    actions = ["rotate_secret"]

    @admin.action(description="生成新密钥 (rotate the webhook secret; shown once)")
    def rotate_secret(self, request, queryset):
        for source in queryset:
            source.secret = new_secret()
            source.save(update_fields=["secret"])
            self.message_user(request, f"{source.code}: {source.secret}", messages.WARNING)
