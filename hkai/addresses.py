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
from django.utils.translation import get_language, override


def address(viewname, language=None, /, **kwargs):
    """``reverse(viewname, kwargs=kwargs)`` in ``language``'s edition (by
    default the active language's). Both are positional only, so that any
    name, ``language`` too, may be a URL argument."""
    return _address(
        get_urlconf(),
        get_script_prefix(),
        language or get_language(),
        viewname,
        tuple(kwargs.items()),
    )


@lru_cache(maxsize=8192)
def _address(urlconf, prefix, language, viewname, kwargs):
    with override(language):
        return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def _forget(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _address.cache_clear()


setting_changed.connect(_forget)
