"""The JavaScript translation catalogue: Django's JavaScriptCatalog over `djangojs.po`, served from
here (offline) at a URL that carries the catalogue's version and the language, so a browser keeps
it for a year and fetches a new one when either changes."""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.views.decorators.cache import cache_control
from django.views.i18n import JavaScriptCatalog

__all__ = ["catalog_version", "javascript_catalog"]

DOMAIN = "djangojs"


@lru_cache(maxsize=1)
def catalog_version() -> str:
    """A short hash of every compiled `djangojs.mo`: it changes when a translation does."""
    digest = hashlib.sha256()
    for root in settings.LOCALE_PATHS:
        for mo in sorted(root.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")):
            digest.update(mo.parent.parent.name.encode())
            digest.update(mo.read_bytes())
    return digest.hexdigest()[:12]


javascript_catalog = cache_control(max_age=365 * 24 * 3600, private=True, immutable=True)(
    JavaScriptCatalog.as_view(domain=DOMAIN)
)
