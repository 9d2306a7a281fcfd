"""What the article page shows around the article: its sectors, challenges and
tags, its editions in other languages, and related articles; two queries with
the index of public articles (``articles.edition``).

Why: the page read its topics in three prefetches, its translations in a
query of their own, and ranked related articles with three correlated
subqueries per candidate: seven queries and 8–9 ms of a render. The index
ranks related articles exactly with a few bitmap operations, and holds every
topic's name and slug; what is left is which topics the article has (one
``UNION ALL`` over the three link tables) and the rows to show (one query by
primary key, the translations folded in).

These, and the article itself, are kept by the process (hkai/kept.py),
under the public version and the time the index is good until, as the cards
are: a page read again while nothing public changed asks only for the
version.
"""

from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models import Q

from hkai.kept import Kept

from .models import Article, TaggedArticle
from .preview import RELATED, related_articles
from .visibility import published_q

# (kind, link table, its column for the article, its column for the topic)
LINKS = (
    ("sector", Article.sectors.through, "article", "sector"),
    ("challenge", Article.challenges.through, "article", "challenge"),
    ("tag", TaggedArticle, "content_object", "tag"),
)
# What a related article's line and an alternate's address need.
SHOWN = ("title", "slug", "language", "published_at", "status", "translation_group")
KINDS = ("sector", "challenge", "tag")

# ``{article pk: (topic lists, related, translations)}``: read-only rows.
_kept = Kept(lambda: settings.KEPT_SURROUNDINGS)
# ``{slug: the public article}`` as its page reads it.
_articles = Kept(lambda: settings.KEPT_SURROUNDINGS)


def public_article(slug, edition, read):
    """The public article at ``slug``, as ``read()`` reads it (or raises
    Http404): the one kept under ``edition`` if there is, and kept when the
    index holds it. Its page then asks the database only for the version."""
    version = (edition.version, edition.until)
    article = _articles.get(version, slug)
    if article is None:
        article = read()
        if article.pk in edition.positions:  # else published after the index
            _articles.put(version, slug, article)
    return article


def topics_of(article):
    """``[(kind, topic pk)]`` for each of the article's topics: one query."""
    with connection.cursor() as cursor:
        cursor.execute(_topics_sql(connection.ops.quote_name), [article.pk] * 3)
        return cursor.fetchall()


@cache
def _topics_sql(quote):
    """The three link tables in one ``UNION ALL``, written once: built by the
    ORM it cost more (1.5 ms a page) than the rest of the page's reads."""
    return " UNION ALL ".join(
        f"SELECT '{kind}', {quote(model._meta.get_field(topic).column)}"
        f" FROM {quote(model._meta.db_table)}"
        f" WHERE {quote(model._meta.get_field(own).column)} = %s"
        for kind, model, own, topic in LINKS
    )


def surroundings(article, edition):
    """``(related, translations)`` of the public ``article``, its topic lists
    set from ``edition``'s topics (``article.sector_list``, ...): what was
    kept for it under ``edition``, else read now (two queries)."""
    if article.pk not in edition.positions:  # published after the index was read
        translations = list(article.translations().published())
        return related_articles(article), translations
    version = (edition.version, edition.until)
    found = _kept.get(version, article.pk)
    if found is None:
        found = _read(article, edition)
        _kept.put(version, article.pk, found)
    lists, related, translations = found
    for kind, listed in zip(KINDS, lists, strict=True):
        setattr(article, f"_{kind}s_list", listed)
    return related, translations


def _read(article, edition):
    """``(topic lists, related, translations)`` of ``article``, held by
    ``edition``: two queries."""
    position = edition.positions[article.pk]
    topics = topics_of(article)
    named = edition.topics
    for kind in ("sector", "challenge"):  # in their own order, as pages list them
        keys = {key for k, key in topics if k == kind}
        listed = [t for key, t in named[kind].items() if key in keys]
        setattr(article, f"_{kind}s_list", listed)
    # Tags by primary key: the order their prefetch gave on SQLite.
    tags = sorted(key for k, key in topics if k == "tag")
    article._tags_list = [named["tag"][key] for key in tags]
    within = edition.maps["language"].get(article.language, 0) & ~(1 << position)
    pks = edition.related(topics, within, RELATED)
    rows = Article.objects.filter(
        Q(pk__in=pks) | Q(published_q(), translation_group=article.translation_group)
    ).exclude(pk=article.pk)
    found = {row.pk: row for row in rows.only(*SHOWN)}
    # Only what is still public in the article's language (the index may be a
    # moment behind the database), in the index's order.
    related = [
        found[pk]
        for pk in pks
        if pk in found
        and found[pk].is_public()
        and found[pk].language == article.language
    ]
    translations = [
        row
        for row in found.values()
        if row.translation_group == article.translation_group and row.is_public()
    ]
    lists = tuple(getattr(article, f"_{kind}s_list") for kind in KINDS)
    return lists, related, translations


def name_topics(articles, edition):
    """Set the public ``articles``' topic lists (``sector_list``, ...): the
    sectors and challenges from ``edition``'s bitmaps, the tags' keys in one
    query, every name from ``edition``'s topics. An article the index does not
    hold yet is left to read its own."""
    held = [a for a in articles if a.pk in edition.positions]
    links = TaggedArticle.objects.filter(content_object__in=[a.pk for a in held])
    tags = {}
    for article_pk, tag_pk in links.order_by("tag").values_list(
        "content_object", "tag"
    ):
        tags.setdefault(article_pk, []).append(edition.topics["tag"][tag_pk])
    for article in held:
        position = edition.positions[article.pk]
        for kind in ("sector", "challenge"):
            bitmaps = edition.maps[kind]
            listed = [
                topic
                for key, topic in edition.topics[kind].items()
                if bitmaps.get(key, 0) >> position & 1
            ]
            setattr(article, f"_{kind}s_list", listed)
        article._tags_list = tags.get(article.pk, [])
