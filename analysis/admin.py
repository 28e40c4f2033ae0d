from django.contrib import admin

from analysis.models import ExportRecord, SavedQuery
from geo.admin import ReadOnlyAdmin


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "username", "layer", "operation", "format", "crs", "rows"]
    list_filter = ["format", "layer"]
    search_fields = ["username", "layer"]
    readonly_fields = [f.name for f in ExportRecord._meta.fields]


@admin.register(SavedQuery)
class SavedQueryAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "operation", "updated_at"]
    search_fields = ["name", "owner__username"]
