"""Split a list of articles into groups by sector or challenge, in fixed queries."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from .models import Article


@dataclass
class Group:
    topic: object  # a Sector or Challenge; None for "everything else"
    count: int
    articles: list = field(default_factory=list)
    scope: object = None  # the Scope of the group's own list, set by the page


def group_articles(articles, relation, topics, per_group):
    """Group ``articles`` by ``relation`` ("sectors" or "challenges").

    Returns one ``Group`` per topic that has articles, in the order of
    ``topics``, then one for articles with no such topic at all. Each group
    holds its ``per_group`` newest articles and the ``count`` of all of them.
    The queries are fixed: one count, one window query, one fetch + prefetches.
    """
    base = articles.order_by()
    counts = dict(base.values_list(relation).annotate(n=Count("pk")))
    ranked = (
        base.annotate(
            group=F(relation),
            rank=Window(
                RowNumber(),
                partition_by=F(relation),
                order_by=[F("published_at").desc(), F("pk").desc()],
            ),
        )
        .filter(rank__lte=per_group)
        .values_list("group", "pk")
    )
    members = {}
    for group_pk, article_pk in ranked:
        members.setdefault(group_pk, []).append(article_pk)
    wanted = {pk for pks in members.values() for pk in pks}
    by_pk = Article.objects.filter(pk__in=wanted).for_cards().in_bulk()

    groups = []
    for topic in [*topics, None]:
        key = topic.pk if topic else None
        if not counts.get(key):
            continue
        listed = sorted(
            (by_pk[pk] for pk in members.get(key, ())),
            key=lambda a: (a.published_at, a.pk),
            reverse=True,
        )
        groups.append(Group(topic=topic, count=counts[key], articles=listed))
    return groups
