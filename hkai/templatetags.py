"""Template filters every template may use (a builtin: no ``{% load %}``)."""

from django import template
from django.utils.timezone import localtime

register = template.Library()


@register.filter
def machine_time(value):
    """A datetime as ``<time datetime>`` wants it: local time with its offset,
    in whole seconds (HTML allows three decimals at most; Python gives six)."""
    if not value:
        return ""
    return localtime(value).replace(microsecond=0).isoformat()
