"""`manage.py check --deploy` warns when ID numbers would be protected by a key derived from SECRET_KEY."""

from django.core.checks import Tags, Warning, register

from registry import conf


@register(Tags.security, deploy=True)
def personal_data_key(app_configs, **kwargs):
    if conf.PERSONAL_DATA_KEY:
        return []
    return [
        Warning(
            "PERSONAL_DATA_KEY is not set: ID numbers are encrypted with a key derived from SECRET_KEY.",
            hint="Set PERSONAL_DATA_KEY to a long random secret, keep it with the backups and never change it.",
            id="registry.W001",
        )
    ]
