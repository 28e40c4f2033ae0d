from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ feature.properties|get:column }}`"""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def html_link(href: str) -> str:
    """The HTML page of a JSON link (f=json → f=html)."""
    return href.replace("f=json", "f=html")
