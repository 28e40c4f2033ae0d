"""Admin for the configuration (departments, categories, routing rules, department staff). Events
are read here, changed only through the services; the action log is read-only."""

from django.contrib import admin

from events.models import Category, Department, DepartmentMember, Event, EventAction, RoutingRule


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


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "category", "status", "level", "handler", "due_at", "overdue", "supervised"]
    list_filter = ["status", "level", "source", "overdue", "supervised"]
    search_fields = ["code", "title"]


@admin.register(EventAction)
class EventActionAdmin(ReadOnlyAdmin):
    list_display = ["event", "time", "actor_name", "action", "from_status", "to_status"]
    list_filter = ["action"]
