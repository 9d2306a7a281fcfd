"""Every public route, fuzzed: generated path arguments, query parameters,
methods and headers, as an anonymous reader, in both languages. No request may
get a 5xx or log a traceback (tests/fuzzing.py).

The routes are read from the resolver when the tests are collected, so a new
route is fuzzed without editing this module; each gets its own test (and its
own share of the requests), which the two xdist workers split between them.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from articles.models import Article, PreviewLink
from articles.sitemaps import SITEMAPS
from authors.models import AuthorProfile
from pages.models import Page
from sectors.models import Challenge, Sector

from .factories import ArticleFactory, AuthorProfileFactory, UserFactory
from .fuzzing import (
    Fuzzer,
    fuzz_settings,
    headers,
    hostile_text,
    path_segment,
    public_routes,
    query_string,
    scaled,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

ROUTES = public_routes()
# Generated examples per route; each is sent under every language prefix, as a
# GET and with another method: 35 routes (29 in both languages) at the time of
# writing make 6,656 requests (tests/test_fuzz_admin.py makes the rest of the
# 10,000).
EXAMPLES_PER_ROUTE = scaled(52)
# With the page cache on: a GET that fills the cache, then the same two.
PAGE_CACHE_EXAMPLES = scaled(150)

# Besides GET (every example sends one): what a view may branch on.
METHODS = ["HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]
QUERY_NAMES = ["q", "sector", "challenge", "tag", "year", "page", "fmt", "p", "next"]


@pytest.fixture(scope="module")
def known(django_db_setup, django_db_blocker):
    """A little of everything a route can name (articles in both languages,
    tags with CJK slugs, an author's page, a draft's preview link), and what
    each placeholder or parameter can be when it names something real."""
    with django_db_blocker.unblock(), transaction.atomic():
        sectors, challenges = list(Sector.objects.all()), list(Challenge.objects.all())
        writer = UserFactory(username="fuzz-writer")
        AuthorProfileFactory(user=writer, slug="fuzz-writer")
        for i, language in enumerate(["en", "en", "zh-hant", "en"]):
            ArticleFactory(
                language=language,
                author=writer,
                sectors=[sectors[i % len(sectors)]],
                challenges=[challenges[i % len(challenges)]],
                tags=["robots", "私隱", f"tag {i}"],
                published_at=timezone.now() - timedelta(days=40 * i + 1),
            )
        draft = ArticleFactory(draft=True, author=writer, tags=["draft only"])
        link = PreviewLink.objects.create(
            article=draft, created_by=writer, expires_at=timezone.now() + timedelta(1)
        )
        slugs = [
            *(s.slug for s in sectors),
            *(c.slug for c in challenges),
            *Article.objects.values_list("slug", flat=True),
            *AuthorProfile.objects.values_list("slug", flat=True),
            *Page.objects.values_list("slug", flat=True),
            "robots",
            "私隱",
            "draft-only",
        ]
        years = sorted({str(a.published_at.year) for a in Article.objects.published()})
        values = {
            "slug": slugs,
            "fmt": ["rss", "atom", "json"],
            "year": [*years, "1989", "1990", "2126", "9999", "0000"],
            "month": [f"{m:02d}" for m in range(0, 14)],
            "code": ["en", "zh-hant", "zh-Hant", "zh", "xx"],
            "section": list(SITEMAPS),
            "token": [link.get_absolute_url().rstrip("/").rsplit("/", 1)[-1]],
            "name": ["a.jpg", "hero/a.1234.480w.webp", "../../hkai/settings.py"],
            "page": ["1", "2", "0", "-1", "last"],
        }
        yield values
        transaction.set_rollback(True)


def placeholder_value(known, name, converter):
    """Something real, something shaped as the converter expects, or junk."""
    choices = [hostile_text]
    if name in known:
        choices.append(st.sampled_from(known[name]))
    if converter is not None:
        choices.append(st.from_regex(converter.regex, fullmatch=True))
    return st.one_of(*choices)


@st.composite
def requests(draw, route, known):
    """Placeholders filled (encoded, or raw so percent tricks reach Django),
    a query string, a method besides GET and a few headers: sent to the route
    under every language prefix, as a GET and with that method."""
    values = {
        name: path_segment(
            draw(placeholder_value(known, name, route.converters.get(name))),
            raw=draw(st.booleans()),
        )
        for name in route.placeholders()
    }
    everything = [v for vs in known.values() for v in vs]
    query = draw(
        query_string(st.sampled_from(QUERY_NAMES), st.sampled_from(everything))
    )
    paths = [
        route.build(prefix, values) + (f"?{query}" if query else "")
        for prefix in route.prefixes
    ]
    return paths, draw(st.sampled_from(METHODS)), draw(headers())


def send(fuzzer, paths, method, extra):
    """Each path as a GET, then with ``method``; a write that got through is
    rolled back, so every request meets the same data."""
    for path in paths:
        for each in ("GET", method):
            with transaction.atomic():
                fuzzer.request(each, path, **extra)
                transaction.set_rollback(True)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_no_public_route_answers_a_server_error(route, known):
    fuzzer = Fuzzer()

    @fuzz_settings(EXAMPLES_PER_ROUTE)
    @given(requests(route, known))
    def fuzz(request):
        send(fuzzer, *request)

    fuzz()
    assert fuzzer.count >= EXAMPLES_PER_ROUTE * len(route.prefixes) * 2


def test_no_cached_page_answers_a_server_error(known, page_cache):
    """The same with the page cache on: keys from junk parameters, validators
    (ETag, Last-Modified) met with hostile tags and dates, and an entry kept by
    one request replayed to the next."""
    fuzzer = Fuzzer()

    @fuzz_settings(PAGE_CACHE_EXAMPLES)
    @given(st.sampled_from(ROUTES).flatmap(lambda r: requests(r, known)))
    def fuzz(request):
        paths, method, extra = request
        for path in paths:
            if etag := fuzzer.request("GET", path).get("ETag"):
                extra.setdefault("HTTP_IF_NONE_MATCH", etag)
        send(fuzzer, paths, method, extra)

    fuzz()
    assert fuzzer.count >= PAGE_CACHE_EXAMPLES * 3
