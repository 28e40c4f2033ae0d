"""`{% page_config page as page_config %}`: the page's config (webmap.page), which base.html renders
once as `<script type="application/json" id="page-config">` (data, not code, so a
Content-Security-Policy needs no exception); and `{% js_catalog_url %}`."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from webmap.catalog import catalog_version
from webmap.page import page_config

register = template.Library()


@register.simple_tag(takes_context=True, name="page_config")
def page_config_tag(context, page=None):
    request = context.get("request")
    return page_config(request, page or None) if request is not None else {}


@register.simple_tag
def js_catalog_url():
    return f"{reverse('javascript-catalog')}?v={catalog_version()}&lang={get_language()}"
