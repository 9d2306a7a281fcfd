"""Shared pieces of the fuzz tests (tests/test_fuzz_*.py): hypothesis settings,
hostile values, the routes read from the resolver, and a client that counts its
requests and fails on any 5xx or any traceback logged.

Every run generates the same requests (``derandomize=True``, no example
database), so a failure on one machine is a failure on every machine; hypothesis
prints the shrunk request that failed.
"""

import logging
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.conf import settings as django_settings
from django.core.handlers.base import BaseHandler
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# How many requests a run generates, against the 10,000 that CI's fuzz step
# and its PostgreSQL run make (HKAI_FUZZ_SCALE=1 in .ci/run). The README's
# whole-suite command makes a quarter of them, to stay within five minutes;
# the seed is fixed, so those are the first quarter of CI's.
SCALE = float(os.environ.get("HKAI_FUZZ_SCALE", "0.25"))


def scaled(examples):
    """``examples`` at this run's scale (at least one)."""
    return max(1, round(examples * SCALE))


def fuzz_settings(examples):
    """The same ``examples`` generated requests on every run, with no deadline
    (a shared CI machine's timing varies) and no files written."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        print_blob=True,
        suppress_health_check=[
            # The client and data fixtures are meant to be shared by examples;
            # each example makes a fresh client and rolls its writes back.
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# Hostile values. ---------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "\x00",
    "%00",
    "a%00b",
    "\x01\x1b[31m\x7f",
    "\t\r\n",
    "\u202e\u2066evil\u2069",  # bidi override and isolate
    "\u200b\u200d\ufeff",  # zero-width and BOM
    "ＡＩ１２３",  # full-width letters and digits
    "私隱",
    "e\u0301",  # a combining accent (NFC differs)
    "\U0001f600\U0001f1ed\U0001f1f0",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/",
    "%252e%252e%252f",
    "%c0%af%c0%ae",
    "%ff%fe",
    "%",
    "%%",
    "%zz",
    "%u0041",
    "\\..\\..\\windows",
    "//evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "'\"><img src=x>",
    "' OR 1=1 --",
    "NaN",
    "inf",
    "-1",
    "0",
    "00",
    "1e308",
    "9" * 40,
    "-" + "9" * 40,
    "0x10",
    "0001",
    "9999",
    "1.5",
    "a" * 5000,
    "私" * 2000,
    "feed",
    "atom",
    "json",
    "rss",
    "null",
    "[]",
    "{}",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.text(
        st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Zl"]), max_size=8
    ),
    st.builds(lambda a, b: a + b, st.sampled_from(HOSTILE), st.text(max_size=10)),
)


def header_value(text):
    """What a WSGI server hands Django for ``text`` sent as UTF-8: latin-1 text,
    without the NUL, CR and LF that servers refuse in a header."""
    raw = re.sub(r"[\x00\r\n]", "", text)
    return raw.encode("utf-8").decode("latin-1")


HTTP_DATES = [
    "Mon, 01 Jan 0001 00:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Wed, 31 Feb 2024 25:61:61 GMT",
    "99999999999",
    "-1",
    "yesterday",
]

HEADERS = {
    "HTTP_IF_NONE_MATCH": st.one_of(
        st.sampled_from(["*", 'W/"x"', '"', '""', '"a", W/"b"', "W/", ",,,"]),
        hostile_text,
    ),
    "HTTP_IF_MODIFIED_SINCE": st.one_of(st.sampled_from(HTTP_DATES), hostile_text),
    "HTTP_IF_MATCH": st.one_of(st.just("*"), hostile_text),
    "HTTP_IF_UNMODIFIED_SINCE": st.one_of(st.sampled_from(HTTP_DATES), hostile_text),
    "HTTP_ACCEPT_LANGUAGE": st.one_of(
        st.sampled_from(
            [
                "zh-Hant-HK,zh;q=0.9",
                "zh-hant;q=abc",
                "*",
                "xx-YY;q=1e9, ;;;,",
                "en;q=-1,zh;q=NaN",
                "zh-" * 300,
            ]
        ),
        hostile_text,
    ),
    "HTTP_COOKIE": st.one_of(
        st.sampled_from(
            [
                "django_language=zh-hant",
                "django_language=xx; django_language=",
                "sessionid=junk",
                "sessionid=; csrftoken=%00",
                "=; ;; a=b=c",
                'django_language="\\"',
            ]
        ),
        hostile_text.map(lambda v: f"django_language={v}; sessionid={v}"),
        hostile_text,
    ),
    "HTTP_ACCEPT": st.sampled_from(
        ["*/*", "application/json", "text/html;q=0", "application/rss+xml", ";;"]
    ),
    "HTTP_RANGE": st.sampled_from(["bytes=0-1", "bytes=-1", "bytes=9-0", "junk"]),
    "HTTP_USER_AGENT": hostile_text,
    "HTTP_REFERER": hostile_text,
}


@st.composite
def headers(draw):
    """A few of the headers the site (or the page cache) branches on."""
    names = draw(st.lists(st.sampled_from(sorted(HEADERS)), max_size=3, unique=True))
    return {name: header_value(draw(HEADERS[name])) for name in names}


def query_string(names, values):
    """A query string: named parameters (repeated, too) with hostile values,
    either properly encoded or raw (``%`` tricks, ``&&``, ``==``, no value)."""

    @st.composite
    def build(draw):
        pairs = draw(
            st.lists(
                st.tuples(
                    st.one_of(names, hostile_text), st.one_of(values, hostile_text)
                ),
                max_size=5,
            )
        )
        if draw(st.booleans()):
            return urlencode(pairs, quote_via=quote)
        junk = draw(st.sampled_from(["", "&", "&&", "=", "==&", "&x"]))
        return "&".join(f"{k}={v}" for k, v in pairs) + junk

    return build()


def path_segment(value, raw):
    """``value`` in a path: percent-encoded, or raw (so ``%00`` reaches Django
    as a NUL, ``%ff`` as a byte that is not UTF-8)."""
    safe = "%/" if raw else ""
    return quote(value, safe=safe)


# Routes. -----------------------------------------------------------------------

PLACEHOLDER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass
class Route:
    """A public URL pattern: its route with placeholders, the prefixes it is
    served under (one per language for i18n_patterns) and its converters."""

    route: str
    prefixes: list
    converters: dict = field(default_factory=dict)
    name: str = ""

    def __str__(self):
        return self.route or "/"

    def placeholders(self):
        return [m.group("name") for m in PLACEHOLDER.finditer(self.route)]

    def build(self, prefix, values):
        """The path with ``values`` (already encoded) in its placeholders."""
        return (
            "/"
            + prefix
            + PLACEHOLDER.sub(lambda m: values[m.group("name")], self.route)
        )


def language_prefixes():
    """'' for the default language (prefix_default_language=False), 'zh-hant/'…"""
    return [
        "" if code == django_settings.LANGUAGE_CODE else f"{code}/"
        for code, _name in django_settings.LANGUAGES
    ]


def public_routes(exclude_prefixes=("admin/",)):
    """Every URL pattern the resolver knows, but the admin's: read at collection
    time, so a new route is fuzzed without editing a test."""

    def walk(patterns, route="", prefixes=("",), converters=None):
        for pattern in patterns:
            here = pattern.pattern
            if isinstance(here, LocalePrefixPattern):
                more_prefixes, more_route = language_prefixes(), ""
            else:
                more_prefixes, more_route = None, str(here)
            merged = {**(converters or {}), **getattr(here, "converters", {})}
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    route + more_route,
                    more_prefixes or prefixes,
                    merged,
                )
            elif isinstance(pattern, URLPattern):
                yield Route(
                    route + more_route,
                    list(more_prefixes or prefixes),
                    merged,
                    pattern.name or "",
                )

    return [
        r
        for r in walk(get_resolver().url_patterns)
        if not r.route.startswith(exclude_prefixes)
    ]


# Requests. ---------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def logged_records(names=("", "django", "hkai")):
    """Every record the site's loggers emit meanwhile (``django`` and ``hkai``
    do not propagate to the root logger, so each is watched)."""
    handler = _Collect()
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger in loggers:
            logger.removeHandler(handler)


def is_failure_record(record):
    """A traceback, or anything at ERROR: except Django's own security log of a
    refused request (django.security.*: too many fields, a bad host), which the
    caller checks came with a 4xx."""
    if record.name.startswith("django.security."):
        return False
    return record.levelno >= logging.ERROR or record.exc_info is not None


class Fuzzer:
    """Sends requests through Django's whole handler and middleware in-process,
    counts them, and fails on a 5xx or a traceback in the logs, naming the
    request and showing the traceback.

    Not through ``django.test.Client``: it copies every template context it
    renders (for ``response.context``), which more than doubled the cost of a
    page. A request from ``RequestFactory`` goes through the middleware as a
    server's would (CSRF checks included, so a POST needs its token).
    """

    def __init__(self, session_cookie=None):
        self.count = 0
        self.session_cookie = session_cookie
        self.factory = RequestFactory()
        self.handler = BaseHandler()
        self.handler.load_middleware()

    def request(self, method, path, **kwargs):
        """``kwargs`` as for ``RequestFactory.generic``/``post``: ``data``,
        ``content_type`` and META entries (``HTTP_COOKIE``…)."""
        if self.session_cookie:
            cookie = f"{django_settings.SESSION_COOKIE_NAME}={self.session_cookie}"
            kwargs["HTTP_COOKIE"] = "; ".join(
                filter(None, [kwargs.get("HTTP_COOKIE"), cookie])
            )
        if method == "POST":
            request = self.factory.post(path, **kwargs)
        else:
            data = kwargs.pop("data", "")
            request = self.factory.generic(method, path, data, **kwargs)
        with logged_records() as records, quiet_not_found():
            response = self.handler.get_response(request)
            # Streamed bodies (feeds, files) are produced only when read.
            if response.streaming:
                b"".join(response.streaming_content)
        self.count += 1
        described = f"{method} {path!r} {kwargs!r}"[:3000]
        failures = [r for r in records if is_failure_record(r)]
        assert not failures, f"logged for {described}:\n{traceback_of(failures[0])}"
        assert response.status_code < 500, f"{response.status_code} for {described}"
        if any(r.name.startswith("django.security.") for r in records):
            assert 400 <= response.status_code < 500, described
        return response


def traceback_of(record):
    return logging.Formatter("%(name)s %(levelname)s %(message)s").format(record)


@contextmanager
def quiet_not_found():
    """The ``django`` loggers at ERROR meanwhile: thousands of "Not Found"
    warnings are the expected answer, and formatting them costs time."""
    logger = logging.getLogger("django")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
