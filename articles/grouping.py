"""Split a topic's articles into groups by sector or challenge, on the index
of public articles (articles/edition.py): no query.

Why: the same grouping in SQL took three queries (a count per group, a
window query for each group's newest, the cards and their prefetches) and
their building was most of a topic page's time.
"""

from dataclasses import dataclass, field


@dataclass
class Group:
    topic: object  # a Sector or Challenge; None for "everything else"
    count: int
    articles: list = field(default_factory=list)  # pks, then their cards
    scope: object = None  # the Scope of the group's own list, set by the page


def group_articles(edition, within, kind, per_group):
    """Group the articles of ``within`` (a bitmap of ``edition``) by ``kind``
    ("sector" or "challenge").

    One ``Group`` per topic that has some, in the topics' order, then one for
    those with no such topic at all. Each holds the pks of its ``per_group``
    newest articles and the ``count`` of all of them.
    """
    groups = []
    grouped = 0
    bitmaps = edition.maps[kind]
    for pk, topic in edition.topics[kind].items():
        bits = within & bitmaps.get(pk, 0)
        grouped |= bits
        if bits:
            groups.append(_group(edition, topic, bits, per_group))
    rest = within & ~grouped
    if rest:
        groups.append(_group(edition, None, rest, per_group))
    return groups


def _group(edition, topic, bits, per_group):
    return Group(topic, bits.bit_count(), edition.newest(bits, 0, per_group))
