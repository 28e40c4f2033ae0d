from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账户"

    def ready(self):
        from django.contrib import admin

        from accounts.privacy import visitor_view
        from accounts.views import AdminAuthenticationForm
        from realtime.registry import register_token_lookup, register_worker_view

        admin.site.login_form = AdminAuthenticationForm  # the admin's password checks are throttled too
        register_token_lookup(_user_for_key)
        register_worker_view(visitor_view)  # the live frames follow the snapshot's rule
        # Django writes one LogEntry per admin change, from any app's admin; Django offers no hook
        # but this signal for all of them, so the audit copy is made here.
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        post_save.connect(_audit_admin_change, sender=LogEntry, dispatch_uid="audit_admin_change")


def _user_for_key(key):
    from accounts.tokens import user_for_key

    return user_for_key(key)


def _audit_admin_change(sender, instance, created, **kwargs):
    from accounts import audit

    if created:
        verb = {1: "add", 2: "change", 3: "delete"}.get(instance.action_flag, "change")
        audit.record(
            None,
            "admin.change",
            user=instance.user,
            target=f"{instance.content_type.app_label if instance.content_type else ''}:{instance.object_repr}"[:200],
            detail={"action": verb, "object_id": instance.object_id},
        )
