"""Feed items written once and kept by the process, as the article cards are
(articles/cards.py), and each feed's validators.

Why: writing an item (about fourteen XML elements, each cleaned, escaped and
written) and reading its article took most of a feed's time, though an item
is the same in every feed that carries it. Its text depends only on the
article (title, summary, dates, author's name, sectors, challenges, tags,
body), the format, the request's origin (the addresses in it: ``scheme://host``)
and what ``hkai.kept.rendering`` adds (language, address prefix, URLconf,
time zone); not on the feed it is in. So that is what it is kept by.

Never stale, by the rule of hkai/kept.py: kept under the public version read
before the article was, thrown away when it moves (every public change
advances it: a retitle, an edit, a renamed sector or tag or author, an
unpublish); nothing kept inside a transaction. At most
``settings.KEPT_FEED_ITEMS`` items.
"""

from django.conf import settings

from hkai.kept import Kept, rendering

from .detail import name_topics
from .models import BODIES, Article

_items = Kept(lambda: settings.KEPT_FEED_ITEMS)
# ``(ETag, Last-Modified)`` per feed: they change only with the public
# version, or when a scheduled article comes due (the index's ``until``).
_validators = Kept(lambda: settings.KEPT_FEED_ITEMS)


def written(edition, pks, key, write):
    """``[(text, pubdate, updateddate)]`` of the items of the public articles
    ``pks`` in ``edition`` (``key``: the format, origin and language). Those
    not kept are read together (two queries), each written by
    ``write(article)`` and kept; when all are kept, no query."""
    found = {}
    for pk in pks:
        item = _items.get(edition.version, rendering(pk, *key))
        if item is not None:
            found[pk] = item
    missing = [pk for pk in pks if pk not in found]
    if missing:
        for article in _read(edition, missing, key[-1]):
            found[article.pk] = item = write(article)
            _items.put(edition.version, rendering(article.pk, *key), item)
    return [found[pk] for pk in pks if pk in found]


def _read(edition, pks, language):
    """The articles ``pks`` still public in ``language``, as an item shows
    them: author joined, no Markdown, their topics named by ``edition``."""
    rows = Article.objects.select_related("author").defer(*BODIES[:2]).in_bulk(pks)
    articles = [
        rows[pk]
        for pk in pks
        if pk in rows and rows[pk].is_public() and rows[pk].language == language
    ]
    name_topics(articles, edition)
    return articles


def validators(edition, key, work_out):
    """The validators of the feed ``key``: kept, or ``work_out()`` and kept."""
    version = (edition.version, edition.until)
    found = _validators.get(version, key)
    if found is None:
        found = work_out()
        _validators.put(version, key, found)
    return found
