"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site and any slice of it.

One ``Feed`` class drives all three formats; what a feed carries is a
``FeedScope`` (everything, or a sector / challenge / tag, or any combination).
See docs/feeds.md.
"""

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.html import escape
from django.utils.http import http_date, quote_etag
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sectors.models import Challenge, Sector

from .feedgenerators import FORMATS
from .models import Article, Tag
from .text import clean_text

# Tags only on drafts are not public: their feeds are 404s, like their pages.
FILTERS = {
    "sector": Sector.objects.all(),
    "challenge": Challenge.objects.all(),
    "tag": Tag.objects.in_use(),
}
# Bump when the feeds' markup changes, so every validator changes with it.
FEED_VERSION = "1"


@dataclass(frozen=True)
class FeedScope:
    """Which published articles a feed carries: all, or those in a sector,
    a challenge and/or a tag."""

    sector: Sector | None = None
    challenge: Challenge | None = None
    tag: Tag | None = None

    def chosen(self):
        """``{"sector": <Sector>, ...}`` for each filter set, in a fixed order."""
        return {name: getattr(self, name) for name in FILTERS if getattr(self, name)}

    def articles(self):
        articles = Article.objects.published()
        for name, value in self.chosen().items():
            articles = articles.filter(**{f"{name}s": value})
        return articles

    @property
    def title(self):
        parts = [str(value) for value in self.chosen().values()]
        if self.tag:
            parts[-1] = f"#{self.tag}"
        return " — ".join([settings.SITE_NAME, " × ".join(parts)][: 1 + bool(parts)])

    def url(self, fmt="rss"):
        """Where this feed lives, in the given format."""
        chosen = self.chosen()
        kwargs = {"fmt": fmt}
        if not chosen:
            return reverse("feeds:site", kwargs={"fmt": fmt})
        if len(chosen) == 1:
            ((name, value),) = chosen.items()
            return reverse(f"feeds:{name}", kwargs={"slug": value.slug, **kwargs})
        query = urlencode({name: value.slug for name, value in chosen.items()})
        return f"{reverse('feeds:articles', kwargs=kwargs)}?{query}"

    @property
    def rss_url(self):
        return self.url("rss")

    @property
    def atom_url(self):
        return self.url("atom")

    @property
    def json_url(self):
        return self.url("json")

    def page_url(self):
        """The HTML page that shows the same articles."""
        chosen = self.chosen()
        if len(chosen) == 1:
            return next(iter(chosen.values())).get_absolute_url()
        query = urlencode({name: value.slug for name, value in chosen.items()})
        return reverse("articles:list") + (f"?{query}" if query else "")


class ArticleFeed(Feed):
    """The newest published articles of a scope, in full, with permanent ids."""

    item_guid_is_permalink = False

    def __init__(self, fmt):
        self.fmt = fmt
        self.feed_type = FORMATS[fmt]

    def __call__(self, request, scope):
        self.request = request
        return super().__call__(request, scope)

    def get_object(self, request, scope):
        return scope

    def title(self, scope):
        return scope.title

    def description(self, scope):
        if not scope.chosen():
            return _("Reporting and analysis on artificial intelligence in Hong Kong.")
        return _("Articles from HK AI Observatory filed under %(topics)s.") % {
            "topics": " × ".join(str(v) for v in scope.chosen().values())
        }

    def link(self, scope):
        return scope.page_url()

    def feed_url(self, scope):
        return scope.url(self.fmt)

    def feed_guid(self, scope):
        return self.request.build_absolute_uri(scope.url("atom"))

    def items(self, scope):
        return scope.articles().for_listing()[: settings.FEED_ITEMS]

    def item_title(self, article):
        # Plain text, escaped once (by the XML writer). Django's default
        # escapes RSS titles twice, which feedparser-based readers show as
        # "&amp;" and "&lt;b&gt;" to the reader.
        return clean_text(article.title)

    def item_description(self, article):
        return escape(clean_text(article.summary))  # plain text, as HTML

    def item_guid(self, article):
        return article_id(article)

    # Dates are given in Hong Kong time, with the offset stated.
    def item_pubdate(self, article):
        return localtime(article.published_at)

    def item_updateddate(self, article):
        return localtime(max(article.updated_at, article.published_at))

    def item_author_name(self, article):
        return article.author.get_full_name() or article.author.get_username()

    def item_categories(self, article):
        topics = [
            *article.sectors.all(),
            *article.challenges.all(),
            *article.tags.all(),
        ]
        return [topic.name for topic in topics]

    def item_extra_kwargs(self, article):
        return {
            # Cleaned on save already; again here, since one stray control
            # character (from a raw UPDATE, say) would break the whole feed.
            "content_html": absolutize(clean_text(article.body_html), self.request),
            "summary_text": clean_text(article.summary),
        }


def article_id(article):
    """A permanent id: survives any change of title, slug or domain."""
    created = localtime(article.created_at).date().isoformat()
    return f"tag:{settings.FEED_ID_AUTHORITY},{created}:article:{article.pk}"


_RELATIVE = re.compile(r'(\s(?:href|src))="/(?!/)')


def absolutize(html, request):
    """Make root-relative links and images absolute: readers need full URLs."""
    root = request.build_absolute_uri("/")
    return _RELATIVE.sub(lambda m: f'{m.group(1)}="{root}', html)


def validators(slugs, fmt):
    """ETag and Last-Modified of a feed, from one aggregate query by slug.

    Any publish, unpublish, edit, deletion or scheduled article coming due
    changes the count or one of the two dates, so the validators change with
    exactly the feeds the article is in. ``(None, None)`` for an empty feed.
    """
    stats = (
        Article.objects.published()
        .filter(**{f"{name}s__slug": slug for name, slug in slugs.items()})
        .aggregate(
            n=Count("pk", distinct=True),
            updated=Max("updated_at"),
            published=Max("published_at"),
        )
    )
    if not stats["n"]:
        return None, None
    fingerprint = [FEED_VERSION, fmt, sorted(slugs.items()), get_language()]
    fingerprint += [settings.FEED_ITEMS, *stats.values()]
    etag = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:32]
    return etag, max(stats["updated"], stats["published"])


_SLUG = re.compile(r"[-\w]+")


def feed(request, fmt="rss", scope_from=None, slug=None):
    """Serve one feed. ``scope_from`` is "sector", "challenge" or "tag" (the
    slug comes from the path) or "query" (``?sector=&challenge=&tag=``).

    A repeat request whose validators still match gets a 304 after one query.
    """
    if scope_from == "query":
        slugs = {name: request.GET[name] for name in FILTERS if request.GET.get(name)}
    else:
        slugs = {scope_from: slug} if scope_from else {}
    if not all(_SLUG.fullmatch(value) for value in slugs.values()):
        raise Http404(_("There is no such sector, challenge or tag."))

    etag, last_modified = validators(slugs, fmt)
    headers = HttpResponse()
    patch_cache_control(headers, public=True, max_age=settings.FEED_MAX_AGE)
    if etag:
        headers["ETag"] = quote_etag(etag)
        headers["Last-Modified"] = http_date(last_modified.timestamp())
        conditional = get_conditional_response(
            request, headers["ETag"], int(last_modified.timestamp()), headers
        )
        if conditional is not headers:
            return conditional

    scope = FeedScope(
        **{
            name: get_object_or_404(FILTERS[name], slug=value)
            for name, value in slugs.items()
        }
    )
    response = ArticleFeed(fmt)(request, scope)
    for header in ("Cache-Control", "ETag", "Last-Modified"):
        if header in headers:
            response[header] = headers[header]
    return response
