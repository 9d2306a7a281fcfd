"""The public version (``ContentVersion``'s stamp) a request works from, read
once per request and shared by everything that keeps work between requests:
the page shell (hkai/shell.py), the index of public articles and the kept
article cards (articles/edition.py, articles/cards.py).

Why: each asked the database on its own, two or three small queries a page
where one gives the same answer.

Exact, because what is kept under a version is only ever served while that
version is current: a change that commits while a request runs makes the
request's stamp old, so whatever the request keeps under it is thrown away by
the next request, which reads the new stamp. Outside a request (a command, a
test calling a function directly) and inside a transaction, nothing is
remembered: each call asks the database.
"""

import threading

from django.core.signals import request_finished, request_started
from django.db import connection

from hkai.pagecache.models import ContentVersion

_request = threading.local()


def stamp():
    """``ContentVersion.objects.stamp()``, once per request."""
    if connection.in_atomic_block or not getattr(_request, "active", False):
        return ContentVersion.objects.stamp()
    if _request.stamp is None:
        _request.stamp = ContentVersion.objects.stamp()
    return _request.stamp


def _started(**kwargs):
    _request.active, _request.stamp = True, None


def _finished(**kwargs):
    _request.active, _request.stamp = False, None


request_started.connect(_started, dispatch_uid="hkai.versions.started")
request_finished.connect(_finished, dispatch_uid="hkai.versions.finished")
