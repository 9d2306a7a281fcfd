"""Pages about feeds, for people: the list of every feed (``/feeds/``), one
page per scope with its addresses and latest articles
(``/feeds/subscribe/?sector=…``) and an OPML file of the main feeds.

No link a reader clicks opens raw XML: the feeds themselves are for feed
readers (and the ``<link rel="alternate">`` autodiscovery in every page's
head). See docs/feeds.md.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from hkai.pagecache.keys import uses_query
from hkai.text import clean_line
from sectors.models import Challenge, Sector

from .models import Tag
from .scope import PARAMS, Scope

# How many of a scope's newest articles its subscribe page shows.
SUBSCRIBE_LATEST = 10
FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
# Web feed readers' "add this feed" addresses; {} is the feed's URL, encoded.
READERS = {
    "Feedly": "https://feedly.com/i/subscription/feed%2F{}",
    "Inoreader": "https://www.inoreader.com/?add_feed={}",
    "NewsBlur": "https://www.newsblur.com/?url={}",
    "The Old Reader": "https://theoldreader.com/feeds/subscribe?url={}",
}


@dataclass(frozen=True)
class FeedAddress:
    fmt: str
    name: str
    url: str  # absolute


def feed_addresses(request, scope):
    """The scope's three feeds, with absolute URLs to paste into a reader."""
    return [
        FeedAddress(fmt, name, request.build_absolute_uri(scope.feed_url(fmt)))
        for fmt, name in FORMAT_NAMES.items()
    ]


def reader_links(feed_url):
    """``[(reader, URL that adds feed_url to it)]``."""
    encoded = quote(feed_url, safe="")
    return [(name, pattern.format(encoded)) for name, pattern in READERS.items()]


def feed_list(request):
    """Every feed the site offers in this edition, grouped, with the page
    about each one."""
    sectors, challenges = list(Sector.objects.all()), list(Challenge.objects.all())
    return render(
        request,
        "articles/subscribe.html",
        {
            "root": request.build_absolute_uri("/")[:-1],
            "site_feed": Scope(),
            "groups": [
                (_("Sectors"), [Scope(sector=s) for s in sectors]),
                (_("Challenges"), [Scope(challenge=c) for c in challenges]),
                (_("Tags"), [Scope(tag=t) for t in Tag.objects.in_use(get_language())]),
            ],
            "crossings": [
                (sector, [Scope(sector=sector, challenge=c) for c in challenges])
                for sector in sectors
            ],
        },
    )


@uses_query(*PARAMS)
def subscribe(request):
    """One scope's feeds for people: what a feed is, its three addresses to
    copy, one-click links for web readers and its newest articles. The same
    query as the article list (``?sector=&challenge=&tag=&q=&year=``)."""
    scope = Scope.from_query(request.GET)
    feeds = feed_addresses(request, scope)
    return render(
        request,
        "articles/subscribe_to.html",
        {
            "scope": scope,
            "feeds": feeds,
            "readers": reader_links(feeds[0].url),
            "latest": scope.articles().for_cards()[:SUBSCRIBE_LATEST],
        },
    )


def opml(request):
    """An OPML 2.0 file of the site's feed and every sector's and challenge's,
    in this edition: a feed reader imports them all at once."""
    response = HttpResponse(content_type="text/x-opml; charset=utf-8")
    filename = f"hk-ai-observatory-{get_language()}.opml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    groups = [
        (_("Sectors"), [Scope(sector=s) for s in Sector.objects.all()]),
        (_("Challenges"), [Scope(challenge=c) for c in Challenge.objects.all()]),
    ]
    write_opml(response, request, Scope(), groups)
    return response


def write_opml(out, request, site, groups):
    """``site``'s feed, then a folder per ``(name, scopes)`` group."""
    xml = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    xml.startDocument()
    xml.startElement("opml", {"version": "2.0"})
    xml.startElement("head", {})
    xml.addQuickElement("title", _("HK AI Observatory feeds"))
    xml.endElement("head")
    xml.startElement("body", {})
    xml.addQuickElement("outline", attrs=_outline(request, site))
    for name, scopes in groups:
        # A folder: only "text" (an outline with more needs a "type").
        xml.startElement("outline", {"text": name})
        for scope in scopes:
            xml.addQuickElement("outline", attrs=_outline(request, scope))
        xml.endElement("outline")
    xml.endElement("body")
    xml.endElement("opml")


def _outline(request, scope):
    title = clean_line(scope.title)
    return {
        "type": "rss",
        "version": "RSS2",
        "text": title,
        "title": title,
        "xmlUrl": request.build_absolute_uri(scope.rss_url),
        "htmlUrl": request.build_absolute_uri(scope.page_url),
        "language": settings.HTML_LANGUAGES.get(get_language(), get_language()),
    }
