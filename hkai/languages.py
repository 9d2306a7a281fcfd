"""Two languages, one site: the switch that remembers a reader's choice, and
the first visit to the bare home page sent to the language the browser asks for.

English lives at the plain addresses and Traditional Chinese under /zh-hant/
(``i18n_patterns`` with ``prefix_default_language=False``), so an address
always names its language and the page cache, which keys pages by address,
never serves one language's page for the other's URL.
"""

from datetime import timedelta
from functools import lru_cache
from types import SimpleNamespace

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.http.cookie import parse_cookie
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import never_cache

REMEMBERED_FOR = timedelta(days=365)


@never_cache
def switch_language(request, code):
    """Go to ``?next=`` (the same page in language ``code``, built by the
    switcher) and remember the choice for the next visit to /.

    A link, not a form: the pages that carry it stay free of CSRF cookies, so
    the page cache can keep them.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=int(REMEMBERED_FOR.total_seconds()),
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


def first_visit_language(application):
    """WSGI middleware, in front of the page cache: a request for the bare home
    page (/) from a reader who chose another language (the switch's cookie)
    or, with no choice made, whose browser prefers one (Accept-Language), is
    sent to that language's home page. Every other address names its
    language and is left alone."""

    def app(environ, start_response):
        if environ.get("PATH_INFO") == "/" and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            language = preferred_language(
                chosen_language(environ.get("HTTP_COOKIE", "")),
                environ.get("HTTP_ACCEPT_LANGUAGE", ""),
            )
            if language != settings.LANGUAGE_CODE:
                location = f"{environ.get('SCRIPT_NAME', '')}/{language}/"
                start_response(
                    "302 Found",
                    [
                        ("Location", location),
                        ("Vary", "Accept-Language, Cookie"),
                        ("Cache-Control", "private, no-cache"),
                        ("Content-Length", "0"),
                    ],
                )
                return [b""]
        return application(environ, start_response)

    return app


def chosen_language(cookies):
    """The language the switch remembered, if any, from a Cookie header."""
    if settings.LANGUAGE_COOKIE_NAME not in cookies:  # most requests: no parsing
        return ""
    return parse_cookie(cookies).get(settings.LANGUAGE_COOKIE_NAME, "")


@lru_cache(maxsize=512)
def preferred_language(chosen, accept_language):
    """Django's own choice (``get_language_from_request``: the cookie, then
    Accept-Language), remembered: browsers send a handful of distinct
    headers, and the home page is the busiest address."""
    request = SimpleNamespace(
        COOKIES={settings.LANGUAGE_COOKIE_NAME: chosen} if chosen else {},
        META={"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {},
    )
    return get_language_from_request(request)
