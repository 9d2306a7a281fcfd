"""``reverse()``, remembered.

An address depends on nothing but the URLconf, the script prefix, the active
language and the arguments, yet Django works it out afresh each time (about
70 µs with the language prefix patterns): a page listing topics and articles
asks for dozens. Model ``get_absolute_url`` methods and the ``Scope``'s
addresses use this instead.
"""

from functools import lru_cache

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def address(viewname, **kwargs):
    """``reverse(viewname, kwargs=kwargs)`` for the active language."""
    return _address(
        get_urlconf(),
        get_script_prefix(),
        get_language(),
        viewname,
        tuple(sorted(kwargs.items())),
    )


@lru_cache(maxsize=8192)
def _address(urlconf, prefix, language, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _address.cache_clear()


setting_changed.connect(_forget)
