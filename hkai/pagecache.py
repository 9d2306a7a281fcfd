"""A page cache shared by every server, kept fresh with one generation key.

Anonymous GET requests for public pages and feeds are answered from the
shared cache (Redis in production) without touching the database. Every
cached page records the *generation* it was rendered in; the current
generation is a value that itself lives in the shared cache, fetched in the
same round trip as the page. Any change to content bumps it (after the
transaction commits), so every page on every server is stale for its very
next request, with no per-process state and no ``cache.clear()``.

Scheduled articles: no page is kept past the next scheduled publication time,
and the first miss after that time notices the article has come due and
bumps the generation, so pages and feeds show it on time with nobody saving.

Requests that carry a session cookie (editors) bypass the cache entirely.

Two layers share the same entries: ``PageCacheMiddleware`` (outermost in
MIDDLEWARE) decides what may be cached, adds the caching headers and stores
pages; ``serve_cached_pages`` wraps the WSGI application (hkai/wsgi.py) and
answers hits before Django handles the request at all, which makes a hit
about three times cheaper under gunicorn (docs/performance.md).
"""

import hashlib
import logging
import secrets
import time
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)
from django.utils.http import http_date, parse_http_date_safe
from django.utils.timezone import now

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
NOT_CACHED = ("/admin/", "/healthz")
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)


def _new_generation():
    """A fresh generation: when it was made, plus a random part."""
    return f"{time.time():.6f}:{secrets.token_hex(4)}"


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        candidate = _new_generation()
        # add() is atomic: if two servers race, both use the winner's value.
        if cache.add(GENERATION_KEY, candidate, timeout=None):
            return candidate
        generation = cache.get(GENERATION_KEY) or candidate
    return generation


def bump_generation():
    """Make every cached page stale, on every server, at once."""
    generation = _new_generation()
    try:
        cache.set(GENERATION_KEY, generation, timeout=None)
    except Exception:  # the cache being down must never lose an editor's save
        logger.exception("could not bump the page cache generation")
    return generation


# Everything in a request that can change what Django renders for it. Raw
# values, whatever the proxy settings: two requests that differ in any of them
# never share an entry. (The language comes from LANGUAGE_CODE today; when
# the site is translated, the language must be part of the URL.)
KEY_PARTS = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
)


def page_key(environ):
    raw = "\n".join(str(environ.get(part, "")) for part in KEY_PARTS)
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


def may_serve_from_cache(environ):
    """An anonymous, unconditional GET for a public page."""
    return (
        settings.PAGE_CACHE_ENABLED
        and environ.get("REQUEST_METHOD") == "GET"
        and not has_session(environ)
        and "HTTP_AUTHORIZATION" not in environ
        and not environ.get("PATH_INFO", "").startswith(_not_cached())
    )


def _not_cached():
    """Path prefixes never cached: the admin, the health check, static files
    (WhiteNoise serves those, with their own caching headers)."""
    return (*NOT_CACHED, "/" + settings.STATIC_URL.lstrip("/"))


def has_session(environ):
    cookies = environ.get("HTTP_COOKIE")
    return bool(cookies) and settings.SESSION_COOKIE_NAME in parse_cookie(cookies)


def lookup(key):
    """``(current generation, entry or None)``, in one round trip."""
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY) or current_generation()
    entry = found.get(key)
    if entry is not None and entry[0] != generation:
        entry = None  # made in an older generation: stale
    return generation, entry


def serve_cached_pages(application):
    """WSGI middleware: answer cache hits without entering Django.

    Anything else (a miss, an editor, a conditional request, a cache error)
    goes to Django, where ``PageCacheMiddleware`` does the rest.
    """

    def app(environ, start_response):
        if may_serve_from_cache(environ) and not any(
            header in environ for header in CONDITIONAL_HEADERS
        ):
            try:
                _, entry = lookup(page_key(environ))
            except Exception:  # the cache is down: Django serves, uncached
                entry = None
            if entry is not None:
                _, status, headers, content = entry
                reason = HTTPStatus(status).phrase
                start_response(f"{status} {reason}", [*headers, ("X-Cache", "hit")])
                return [content]
        return application(environ, start_response)

    return app


def content_changed(**kwargs):
    """Signal receiver: bump the generation once the change is committed."""
    transaction.on_commit(bump_generation)


def _generation_time(generation):
    return float(generation.split(":", 1)[0])


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_serve_from_cache(request.META):
            response = self.get_response(request)
            if has_session(request.META):
                # What an editor sees is theirs alone: no CDN may keep it.
                patch_cache_control(response, private=True, no_cache=True)
                patch_vary_headers(response, ["Cookie"])
            return response
        key = page_key(request.META)
        try:
            generation, entry = lookup(key)
        except Exception:
            logger.exception("page cache unavailable; serving uncached")
            return self.get_response(request)
        if entry is not None:
            response = self._response_from(entry)
            response["X-Cache"] = "hit"
            return self._conditional(request, response)

        generation, timeout = self._freshness(generation)
        response = self.get_response(request)
        if self._cacheable_response(response):
            self._add_headers(response, generation)
            if timeout > 0:
                try:
                    cache.set(key, self._entry(response, generation), timeout)
                except Exception:
                    logger.exception("could not store a page in the cache")
            response["X-Cache"] = "miss"
        return self._conditional(request, response)

    @staticmethod
    def _entry(response, generation):
        """What the cache keeps: plain data, cheap to pickle and unpickle.

        The page's key does not change with the generation; the entry records
        the generation it was made in and counts only while that is current.
        A new generation's first render simply overwrites it.
        """
        return (
            generation,
            response.status_code,
            list(response.items()),
            response.content,
        )

    @staticmethod
    def _response_from(entry):
        _, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def _cacheable_response(response):
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not any(d in cache_control for d in ("private", "no-store", "no-cache"))
        )

    @staticmethod
    def _freshness(generation):
        """The generation to store under, and how long the page may live.

        One query: has an article come due since this generation began (then
        start a new one), and when is the next one due (live no longer)?
        """
        from articles.models import Article

        since = _generation_time(generation)
        due_since, next_due = Article.objects.schedule_since(since)
        if due_since:
            generation = bump_generation()
        timeout = settings.PAGE_CACHE_SECONDS
        if next_due is not None:
            timeout = min(timeout, int((next_due - now()).total_seconds()))
        return generation, timeout

    @staticmethod
    def _add_headers(response, generation):
        """Validators for conditional GETs, and what a CDN may do with the page.

        Feeds bring their own validators; pages get a content hash as ETag and
        the generation's start (when the content last changed) as Last-Modified.
        """
        if not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
            response["ETag"] = f'"{digest}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(_generation_time(generation))
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
