"""Admin pages for the rule tables (a closed period's rules are read-only) and point rules."""

from django import forms
from django.contrib import admin

from assessment.formula import FormulaError
from assessment.models import Period, PointRule, Rule
from assessment.scoring import check_formula


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ["indicator", "weight", "required", "formula", "active"]

    def clean_formula(self):
        try:
            check_formula(self.cleaned_data["formula"])
        except FormulaError as exc:
            raise forms.ValidationError(str(exc)) from None
        return self.cleaned_data["formula"]


class RuleInline(admin.TabularInline):
    model = Rule
    form = RuleForm
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.frozen

    has_add_permission = has_change_permission
    has_delete_permission = has_change_permission


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "start", "end", "status", "computed_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["status", "computed_at", "closed_at"]
    inlines = [RuleInline]


@admin.register(PointRule)
class PointRuleAdmin(admin.ModelAdmin):
    list_display = ["action", "points", "active"]
