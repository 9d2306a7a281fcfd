"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site and any scope of it.

One ``Feed`` class drives all three formats; what a feed carries is a
``Scope`` (everything, a sector, a challenge, a tag, or any combination).
Conditional GET is Django's ``condition()`` decorator. See docs/feeds.md.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db import connection
from django.db.models import Count, Max
from django.utils.cache import patch_cache_control
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.views.decorators.http import condition

from . import edition, feed_items
from .feed_html import for_request
from .feedgenerators import FORMATS
from .scope import Scope

# Bump when the feeds' markup changes, so every validator changes with it.
FEED_VERSION = "2"


class ArticleFeed(Feed):
    """The newest published articles of a scope, in full, with permanent ids.

    Every text goes through the generators' cleaning (feedgenerators.py), so
    no stored character can make a feed malformed. Titles are plain text,
    escaped once (by the XML writer): Django's default escapes RSS titles
    twice, which feedparser-based readers show as "&amp;" and "&lt;b&gt;".
    """

    def __init__(self, fmt):
        self.fmt = fmt
        self.feed_type = FORMATS[fmt]
        # The edition's language, as HTML and feed readers spell it.
        self.language = settings.HTML_LANGUAGES.get(get_language(), get_language())

    def __call__(self, request, scope):
        self.request = request
        # The site's own addresses in the items' bodies are this request's.
        self.origin = request.build_absolute_uri("/")[:-1]
        return super().__call__(request, scope)

    def get_object(self, request, scope):
        return scope

    def get_feed(self, scope, request):
        """Django's ``Feed.get_feed``, the items added directly: the same
        elements, without looking up each of fifteen item attributes on the
        class for every item (``_get_dynamic_attr``), which took longer than
        writing the item."""
        feed = self.feed_type(
            title=scope.title,
            subtitle=None,
            link=iri_to_uri(self.origin + scope.page_url),
            description=scope.description,
            language=self.language,
            feed_url=iri_to_uri(self.origin + scope.feed_url(self.fmt)),
            author_name=None,
            author_link=None,
            author_email=None,
            categories=None,
            feed_copyright=None,
            feed_guid=iri_to_uri(self.origin + scope.feed_url("atom")),
            ttl=None,
            stylesheets=None,
        )
        current = edition.current()
        key = (self.fmt, self.origin, scope.language)
        for text, pubdate, updated in feed_items.written(
            current, self.items(scope, current), key, lambda a: self.item(feed, a)
        ):
            feed.add_written(text, pubdate, updated)
        return feed

    def item(self, feed, article):
        """``(text, pubdate, updateddate)`` of ``article``'s item in ``feed``."""
        author = article.author
        # Dates in Hong Kong time, with the offset stated.
        pubdate = localtime(article.published_at)
        updated = localtime(max(article.updated_at, article.published_at))
        text = feed.item_text(
            title=article.title,
            link=iri_to_uri(self.origin + article.get_absolute_url()),
            description=escape(article.summary),  # plain text, as HTML
            unique_id=article_id(article),
            unique_id_is_permalink=False,
            enclosures=[],
            pubdate=pubdate,
            updateddate=updated,
            author_name=author.get_full_name() or author.get_username(),
            author_email=None,
            author_link=None,
            comments=None,
            categories=[
                topic.name
                for topic in (
                    *article.sector_list,
                    *article.challenge_list,
                    *article.tag_list,
                )
            ],
            item_copyright=None,
            # Prepared on save (articles/feed_html.py); the generators
            # take it as it is (``CleanedFeed.PREPARED``).
            content_html=for_request(article.feed_html, self.origin),
            summary_text=article.summary,
        )
        return text, pubdate, updated

    def items(self, scope, current):
        """The pks of the newest of the scope: from the index of public
        articles (``current``), but for words, which only the search engine
        knows."""
        if scope.q:
            newest = scope.articles().values_list("pk", flat=True)
            return list(newest[: settings.FEED_ITEMS])
        return current.newest(current.mask(scope), 0, settings.FEED_ITEMS)


def article_id(article):
    """A permanent id: survives any change of title, slug or domain."""
    created = localtime(article.created_at).date().isoformat()
    return f"tag:{settings.FEED_ID_AUTHORITY},{created}:article:{article.pk}"


def scope_of(request, scope_from=None, slug=None):
    """``scope_from`` is "sector", "challenge" or "tag" (the slug comes from
    the path), "query" (``?sector=&challenge=&tag=``) or None (everything)."""
    if scope_from == "query":
        return Scope.from_query(request.GET)
    if scope_from:
        return Scope.from_slugs(**{scope_from: slug})
    return Scope()


def validators(request, fmt="rss", scope_from=None, slug=None):
    """``(scope, ETag, Last-Modified)`` of one feed request, worked out once
    (``condition()`` asks for the two validators separately), and kept by the
    process while the index of public articles stands (articles/feed_items.py):
    a 304 reads nothing but the public version and the scope's topics."""
    if not hasattr(request, "feed_validators"):
        scope = scope_of(request, scope_from, slug)
        # Words are the search engine's, not the index's; inside a
        # transaction nothing is kept, and the aggregate costs less than
        # building an index for one request.
        if scope.q or connection.in_atomic_block:
            etag, last_modified = _work_out(scope, fmt)
        else:
            key = (fmt, scope.query(), scope.language)
            found = feed_items.validators(
                edition.current(), key, lambda: _work_out(scope, fmt)
            )
            etag, last_modified = found
        request.feed_validators = (scope, etag, last_modified)
    return request.feed_validators


def _work_out(scope, fmt):
    """``(ETag, Last-Modified)`` from one aggregate query: any publish,
    unpublish, edit, deletion or scheduled article coming due changes the
    count or one of the two dates, so the validators change with exactly the
    feeds the article is in. An empty feed has none."""
    stats = scope.articles().aggregate(
        n=Count("pk", distinct=True),
        updated=Max("updated_at"),
        published=Max("published_at"),
    )
    if not stats["n"]:
        return None, None
    fingerprint = [FEED_VERSION, fmt, scope.query(), get_language()]
    fingerprint += [settings.FEED_ITEMS, *stats.values()]
    etag = hashlib.sha256(repr(fingerprint).encode()).hexdigest()[:32]
    return etag, max(stats["updated"], stats["published"])


def _public_for_feed_readers(view):
    """Cache-Control on every answer, 304s included (RFC 9111: a 304 carries
    the headers a 200 would have)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=settings.FEED_MAX_AGE)
        return response

    return wrapper


@_public_for_feed_readers
@condition(
    etag_func=lambda request, **kwargs: validators(request, **kwargs)[1],
    last_modified_func=lambda request, **kwargs: validators(request, **kwargs)[2],
)
def feed(request, fmt="rss", scope_from=None, slug=None):
    """One feed; a repeat request whose validators still match is a 304."""
    scope, _, _ = validators(request, fmt, scope_from, slug)
    response = ArticleFeed(fmt)(request, scope)
    # Django's Feed dates the response by its newest item; the scope's newest
    # change is what condition() compares, so that is the one to send.
    del response["Last-Modified"]
    return response
