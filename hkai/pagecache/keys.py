"""Which request is which page.

A page is keyed by what Django itself reads of the request: scheme and host
(as ``request.scheme`` and ``request.get_host()`` see them, so a forged
``X-Forwarded-Host`` makes no new entry unless the site trusts it), path, and
only the query parameters its view declared with ``@uses_query``, each once,
in the declared order, empty ones dropped. ``?utm_source=…`` or a flood of
random parameters find the same entry as the plain URL, so the number of
entries is bounded by the site's content, not by its visitors.

Working an address out costs about 18 µs (a request object, host
validation, URL resolution, a hash): as much as the rest of a cache hit. It
depends on nothing but a few values of the WSGI environ and the settings, so
the WSGI layer remembers it per distinct set of values (``environ_address``).
"""

import hashlib
import io
from functools import lru_cache, wraps
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from django.urls import Resolver404, resolve

# Every environ value a request's scheme, host, path and query come from.
ADDRESS_INPUTS = (
    "wsgi.url_scheme",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "SCRIPT_URL",
    "REDIRECT_URL",
    "PATH_INFO",
    "QUERY_STRING",
)


def uses_query(*names):
    """Declare the query parameters a view reads (a function or a class-based
    view). The page cache keys its pages by these alone and hides the others
    from the view, so nothing else can reach a page that readers share.

    A function is wrapped, not marked, so one function can serve several
    routes that read different parameters.
    """

    def declare(view):
        if isinstance(view, type):
            view.page_cache_query = names
            return view

        @wraps(view)
        def declared(*args, **kwargs):
            return view(*args, **kwargs)

        declared.page_cache_query = names
        return declared

    return declare


def declared_query(path_info):
    """The parameter names the view at ``path_info`` reads; None if no view."""
    try:
        view = resolve(path_info).func
    except Resolver404:
        return None
    view = getattr(view, "view_class", view)
    return getattr(view, "page_cache_query", ())


def canonical_query(request):
    """The query string with only the view's parameters, or None if no view."""
    if not request.META.get("QUERY_STRING"):
        return ""
    names = declared_query(request.path_info)
    if names is None:
        return None
    return urlencode(
        [(name, request.GET[name]) for name in names if request.GET.get(name)]
    )


class Address(NamedTuple):
    key: str  # the cache key
    query: str  # the canonical query string: all the view may see


def environ_address(environ):
    """``page_address`` of the request in a WSGI environ, remembered."""
    names = _inputs()
    return _remembered_address(tuple(map(environ.get, names)), names)


@lru_cache(maxsize=1)
def _inputs():
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    return ADDRESS_INPUTS + ((proxy_header[0],) if proxy_header else ())


@lru_cache(maxsize=4096)
def _remembered_address(values, names):
    environ = {
        name: value
        for name, value in zip(names, values, strict=True)
        if value is not None
    }
    environ.update({"REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()})
    return page_address(WSGIRequest(environ))


def forget_addresses():
    """Settings or URLs changed (in tests): addresses may differ now."""
    _inputs.cache_clear()
    _remembered_address.cache_clear()


def page_address(request):
    """Where the page ``request`` asks for is cached; None if it cannot be a
    cached page (no view answers it, or the host is not allowed)."""
    query = canonical_query(request)
    if query is None:
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    parts = (request.scheme, host, request.path, query)
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return Address("pagecache:page:" + digest, query)


def show_only(request, query):
    """Make the view see the canonical query string and nothing else."""
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)
