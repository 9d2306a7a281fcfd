"""Keeping the index current: every save, tagging, renaming and delete of
what an article's index entry holds rewrites that entry, in the same
transaction. Whether an article is public is not in the index: searches ask
the database (``Article.objects.published()``), so publishing, unpublishing
and a scheduled article coming due need no index write.
"""

from django.db.models import signals

from articles.models import Article, Tag, TaggedArticle

from . import text
from .engines import engine

BATCH = 1000


def documents(articles, tagged):
    """``{pk: text.document(...)}`` for ``articles``; ``tagged`` is the
    articles' tag links (``TaggedArticle``, current or historical model)."""
    names = {}
    for article_pk, name in tagged.filter(
        content_object_id__in=[a.pk for a in articles]
    ).values_list("content_object_id", "tag__name"):
        names.setdefault(article_pk, []).append(name)
    return {a.pk: text.document(a, sorted(names.get(a.pk, []))) for a in articles}


def reindex(pks, *, index=None):
    """Rewrite the index entries of the articles ``pks``; forget the gone."""
    index = index or engine()
    pks = sorted(set(pks))
    for start in range(0, len(pks), BATCH):
        chunk = pks[start : start + BATCH]
        articles = list(
            Article.objects.filter(pk__in=chunk).only("title", "summary", "body_html")
        )
        index.index(documents(articles, TaggedArticle.objects))
        index.forget(set(chunk) - {a.pk for a in articles})


def rebuild():
    """Index every article afresh, from an empty index; how many."""
    index = engine()
    index.clear()
    pks = list(Article.objects.values_list("pk", flat=True))
    reindex(pks, index=index)
    return len(pks)


# Signal receivers. -----------------------------------------------------------


def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex([instance.pk])


def article_deleted(sender, instance, **kwargs):
    engine().forget([instance.pk])


def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An article's tags (or, from the tag's side, a tag's articles) changed."""
    if action == "pre_clear" and reverse:
        instance.search_articles = list(
            instance.tagged_articles.values_list("content_object_id", flat=True)
        )
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        reindex([instance.pk])
    else:
        reindex(pk_set if pk_set is not None else instance.search_articles)


def tag_saved(sender, instance, created, **kwargs):
    """A renamed tag: the articles it is on say the new name."""
    if not created:
        reindex(tagged_with(instance))


def tag_deleting(sender, instance, **kwargs):
    """Asked before the delete cascades to its links."""
    instance.search_articles = tagged_with(instance)


def tag_deleted(sender, instance, **kwargs):
    reindex(getattr(instance, "search_articles", []))


def tagged_with(tag):
    return list(tag.tagged_articles.values_list("content_object_id", flat=True))


def connect():
    signals.post_save.connect(article_saved, sender=Article)
    signals.post_delete.connect(article_deleted, sender=Article)
    signals.m2m_changed.connect(tags_changed, sender=TaggedArticle)
    signals.post_save.connect(tag_saved, sender=Tag)
    signals.pre_delete.connect(tag_deleting, sender=Tag)
    signals.post_delete.connect(tag_deleted, sender=Tag)
