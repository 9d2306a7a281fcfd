"""Feed addresses (namespace "feeds"). RSS is ``…/feed/``; Atom and JSON Feed
add ``atom/`` or ``json/``. See docs/feeds.md."""

from django.urls import path

from hkai.pagecache.keys import uses_query

from . import feed_pages
from .feeds import feed
from .scope import PARAMS

app_name = "feeds"


def feed_paths(prefix, name, scope_from, slug_converter=None, view=feed):
    """``prefix/feed/`` for RSS and ``prefix/feed/<atom|json>/`` for the others."""
    slug = f"<{slug_converter}:slug>/" if slug_converter else ""
    return [
        path(
            f"{prefix}{slug}feed/",
            view,
            {"scope_from": scope_from, "fmt": "rss"},
            name=name,
        ),
        path(
            f"{prefix}{slug}feed/<altfmt:fmt>/",
            view,
            {"scope_from": scope_from},
            name=name,
        ),
    ]


urlpatterns = [
    path("feeds/", feed_pages.feed_list, name="subscribe"),
    # A page for people per scope; the feeds themselves are for readers.
    path("feeds/subscribe/", feed_pages.subscribe, name="subscribe_to"),
    path("feeds/opml/", feed_pages.opml, name="opml"),
    path("feeds/<feedfmt:fmt>/", feed, name="site"),
    *feed_paths("sectors/", "sector", "sector", "slug"),
    *feed_paths("challenges/", "challenge", "challenge", "slug"),
    *feed_paths("tags/", "tag", "tag", "uslug"),
    *feed_paths("articles/", "articles", "query", view=uses_query(*PARAMS)(feed)),
]
