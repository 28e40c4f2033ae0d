"""Reference data admins edit (group kinds, warning rules) and the access log, read-only."""

from django.contrib import admin

from geo.admin import ReadOnlyAdmin
from registry.models import GroupKind, PersonAccess, WarningRule


@admin.register(GroupKind)
class GroupKindAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "visit_every_days", "active", "order"]
    list_filter = ["category", "active"]


@admin.register(WarningRule)
class WarningRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "threshold", "active"]


@admin.register(PersonAccess)
class PersonAccessAdmin(ReadOnlyAdmin):
    list_display = ["time", "username", "role", "person_id", "channel", "purpose", "unmasked"]
    list_filter = ["channel", "role"]
    search_fields = ["username", "=person_id"]
