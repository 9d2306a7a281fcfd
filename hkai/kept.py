"""HTML kept by the process under a public version: the rule of the page
shell (hkai/shell.py) and the index of public articles, for any fragment a
page can reuse (articles/cards.py's cards, the explore matrix).

Exact: a fragment is served only while the version it was kept under
(``ContentVersion``'s stamp, read before what it shows was read:
hkai/versions.py) is current, and all are thrown away when it moves; inside a
transaction, whose changes may yet be rolled back, nothing is kept or served.
Bounded: at most ``size`` fragments, the oldest forgotten first.
"""

import threading

from django.core.signals import setting_changed
from django.db import connection
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.translation import get_language


class Kept:
    """Fragments kept under one version at a time; ``size()`` says how many."""

    def __init__(self, size):
        self.size = size
        self._version, self._fragments = None, {}
        self._lock = threading.Lock()
        setting_changed.connect(self.forget, weak=False)

    def get(self, version, key):
        """The fragment kept for ``key`` at ``version``, or None."""
        if connection.in_atomic_block:
            return None
        with self._lock:
            if self._version == version:
                return self._fragments.get(key)
        return None

    def put(self, version, key, html):
        """Keep ``html`` for ``key`` at ``version`` (not inside a transaction)."""
        if connection.in_atomic_block:
            return
        with self._lock:
            if self._version != version:
                self._version, self._fragments = version, {}
            fragments = self._fragments
            if len(fragments) >= self.size() and key not in fragments:
                del fragments[next(iter(fragments))]  # the oldest: dicts keep order
            fragments[key] = html

    def forget(self, **kwargs):
        """Drop every kept fragment (a test changed the settings they read)."""
        with self._lock:
            self._version, self._fragments = None, {}


def rendering(*key):
    """``key`` and what else a fragment's HTML depends on when rendered with no
    request: the language, the address prefix, the URLconf and the time zone."""
    return (
        *key,
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        timezone.get_current_timezone_name(),
    )
