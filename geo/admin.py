"""Admin helpers every app's admin uses (geo registers no model pages of its own here)."""

from django.contrib import admin

__all__ = ["ReadOnlyAdmin"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """A page that shows rows and never adds, changes or deletes one: logs and append-only tables."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
