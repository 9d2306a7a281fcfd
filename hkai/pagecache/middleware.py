"""Inside Django: misses, stores, validators, conditional requests, editors."""

import hashlib
import time
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, parse_http_date_safe

from . import core, storms
from .keys import page_address, show_only

CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
# Where the WSGI layer leaves its lookup for a miss, so it is not repeated.
LOOKUP = "hkai.pagecache.lookup"


def has_session(meta):
    cookies = meta.get("HTTP_COOKIE")
    return bool(cookies) and core.state.session_cookie in parse_cookie(cookies)


def may_serve_from_cache(meta):
    """An anonymous GET for a public page, while the cache works (``meta``: a
    WSGI environ or ``request.META``)."""
    return (
        core.available()
        and meta.get("REQUEST_METHOD") == "GET"
        and not has_session(meta)
        and "HTTP_AUTHORIZATION" not in meta
        and not meta.get("PATH_INFO", "").startswith(core.state.not_cached)
    )


def response_from(entry, how="hit"):
    """A response from a cached entry: plain data, cheap to (un)pickle."""
    _, status, headers, content = entry[:4]
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = how
    return response


def status_line(status):
    return f"{status} {HTTPStatus(status).phrase}"


class PageCacheMiddleware:
    """Outermost in MIDDLEWARE, so stored pages carry every header the
    middleware below adds, and a hit skips them all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve_from_cache(request.META):
            return self._not_cached(request)
        address = page_address(request)
        if address is None:
            return self.get_response(request)
        show_only(request, address.query)
        try:
            generation, entry = request.META.pop(LOOKUP, None) or core.lookup(
                address.key
            )
        except Exception:
            core.cache_failed("lookup")
            return self.get_response(request)
        if generation is None or core.verification_due():
            generation = core.verify(generation)
            entry = core.current_entry(entry, generation)
        refreshing = request.META.pop(storms.REFRESH, False)
        if entry is not None and not refreshing:
            if storms.refresh_due(entry):
                # Answered first; the WSGI layer renders it again after.
                request.META[storms.REFRESH_DUE] = (address.key, dict(request.META))
            return self._conditional(request, response_from(entry))
        if refreshing:
            return self._render(request, address.key, generation, "refresh")

        # A miss: render once, however many ask for it at once (storms.py).
        lock = None
        if generation is not None:  # else the cache failed: nothing to wait for
            lock, entry = storms.render_or_wait(address.key)
            if entry is not None:
                return self._conditional(request, response_from(entry, "wait"))
        try:
            response = self._render(request, address.key, generation, "miss")
        finally:
            if lock is not None:
                storms.release(lock)
        return self._conditional(request, response)

    def _render(self, request, key, generation, how):
        """The view's response, stored if it may be (``X-Cache: how``)."""
        started = time.monotonic()
        response = self.get_response(request)
        if not self._cacheable(response):
            return response
        self._add_headers(response, generation)
        # A hit may be followed by a refresh in the same connection's close():
        # with its length known, the reader has the whole page before that.
        response.setdefault("Content-Length", str(len(response.content)))
        if generation is not None:
            entry = self._entry(response, generation)
            try:
                core.store(key, entry)
            except Exception:
                core.cache_failed("store")
            else:
                response["X-Cache"] = how
                storms.rendered(request, how, started)
        return response

    def _not_cached(self, request):
        response = self.get_response(request)
        if has_session(request.META):
            # What an editor sees is theirs alone: no CDN may keep it.
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    @staticmethod
    def _entry(response, generation):
        """What the cache keeps. The key does not change with the generation:
        the entry records its own, and a new generation's render overwrites it."""
        return (
            generation.token,
            response.status_code,
            list(response.items()),
            response.content,
            storms.refresh_at(),
        )

    @staticmethod
    def _cacheable(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(d in cache_control for d in ("private", "no-store", "no-cache"))
        )

    @staticmethod
    def _add_headers(response, generation):
        """Validators for conditional GETs, and what a CDN may do with the page.

        Feeds bring their own validators; pages get a content hash as ETag and
        the generation's start (when the public content last changed) as
        Last-Modified.
        """
        if not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = f'"{digest}"'
        if not response.has_header("Last-Modified") and generation is not None:
            response["Last-Modified"] = http_date(generation.started)
        # Readers get no cookies; an editor's session cookie must never be
        # answered with a copy a CDN kept for readers.
        patch_vary_headers(response, ["Cookie"])
        directives = {"public": True, "s_maxage": settings.PAGE_S_MAXAGE}
        if "max-age" not in response.get("Cache-Control", ""):
            directives["max_age"] = settings.PAGE_MAX_AGE
        patch_cache_control(response, **directives)

    @staticmethod
    def _conditional(request, response):
        """A 304 (or 412) when the request's validators allow it."""
        if not any(header in request.META for header in CONDITIONAL_HEADERS):
            return response  # the common case: nothing to compare
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
