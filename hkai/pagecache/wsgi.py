"""Before Django: cache hits answered without Django handling the request.

About three times cheaper than a hit inside Django's middleware under
gunicorn (docs/performance.md). A conditional GET whose validators the
entry answers (``If-None-Match``, else ``If-Modified-Since``) gets its 304
here too, with the headers Django's own 304 keeps. Anything else (a miss, an
editor, ``If-Match`` or ``If-Unmodified-Since``, a check with the database
that is due, a cache error) goes on to Django, where
``PageCacheMiddleware`` does the rest.
"""

import functools

from django.utils.http import parse_etags, parse_http_date_safe

from . import core, storms
from .keys import environ_address
from .middleware import (
    LOOKUP,
    may_serve_from_cache,
    status_line,
)


def serve_cached_pages(application):
    """Wrap a WSGI application so that cache hits never reach it."""

    def app(environ, start_response):
        if (
            environ.get("REQUEST_METHOD") == "GET"
            and not core.verification_due()
            and not any(header in environ for header in PRECONDITIONS)
        ):
            entry = _lookup(environ)
            if entry is not None:
                _, status, headers, content = entry[:4]
                if _not_modified(environ, headers):
                    start_response(NOT_MODIFIED, _kept_for_304(headers))
                    return []
                start_response(_status_line(status), [*headers, ("X-Cache", "hit")])
                if storms.refresh_due(entry):
                    environ[storms.REFRESH_DUE] = (
                        environ_address(environ).key,
                        environ,
                    )
                    return storms.refresh_after([content], application, environ)
                return [content]
        response = application(environ, start_response)
        if storms.REFRESH_DUE in environ:  # a hit inside Django found it due
            return storms.refresh_after(response, application, environ)
        return response

    return app


# Django's middleware answers these (a 412 is rare, and it has the rules).
PRECONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
NOT_MODIFIED = status_line(304)
# What Django's 304 keeps of the page's headers (django.utils.cache, RFC 9110
# section 15.4.5), and the cache's mark.
KEPT_FOR_304 = frozenset(
    ("cache-control", "content-location", "date", "etag", "expires")
    + ("last-modified", "vary")
)


def _not_modified(environ, headers):
    """Do the request's validators match the entry (``headers``)? The same
    rules as ``django.utils.cache.get_conditional_response`` for a GET: an
    ``If-None-Match`` decides alone; without one, ``If-Modified-Since``."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_none_match is None and if_modified_since is None:
        return False
    etag = last_modified = None
    for name, value in headers:
        lowered = name.lower()
        if lowered == "etag":
            etag = value
        elif lowered == "last-modified":
            last_modified = value
    if if_none_match is not None:
        return _etag_matches(etag, if_none_match)
    since = parse_http_date_safe(if_modified_since)
    modified = parse_http_date_safe(last_modified) if last_modified else None
    return since is not None and modified is not None and modified <= since


@functools.lru_cache(maxsize=256)
def _etag_matches(etag, if_none_match):
    """Weak comparison, as Django's ``_if_none_match_passes`` makes it."""
    if etag is None:
        return False
    wanted = parse_etags(if_none_match)
    if wanted == ["*"]:
        return True
    return etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in wanted}


def _kept_for_304(headers):
    return [
        (name, value) for name, value in headers if name.lower() in KEPT_FOR_304
    ] + [("X-Cache", "hit")]


@functools.cache
def _status_line(status):
    """``status_line`` remembered: building it (an enum lookup) costs about
    as much as the rest of a hit from the worker's copy."""
    return status_line(status)


def _lookup(environ):
    if not may_serve_from_cache(environ):
        return None
    address = environ_address(environ)
    if address is None:
        return None
    try:
        environ[LOOKUP] = core.lookup(address.key)
    except Exception:
        core.cache_failed("lookup")
        return None
    return environ[LOOKUP][1]
