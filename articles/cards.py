"""Article cards (templates/includes/article_card.html) rendered once and kept
by the process, as Django's ``{% cache %}`` keeps a fragment, but exact.

Why: a card is about thirty template nodes, two dates and a few addresses;
the home page shows eleven, a topic page up to thirty, and rendering them was
most of those pages' time. A card's HTML depends only on the article (its
title, summary, date, reading time, picture, sectors and tags), the language,
the address prefix and time zone it is rendered in and its variant (``big``),
so that is what it is kept by.

Never stale, by the rule of hkai/shell.py and articles/edition.py
(hkai/kept.py): cards are kept under the public version read *before* their
article was, and thrown away as soon as it moves (every public change
advances it, a renamed sector or tag included); none is kept that was
rendered inside a transaction, or from an article read without a version
(``public_version``) to vouch for it. At most ``settings.KEPT_CARDS``.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from hkai.kept import Kept, rendering

from .listing import Paged, card_rows, shown

TEMPLATE = "includes/article_card.html"

_kept = Kept(lambda: settings.KEPT_CARDS)


def render(article, big=False):
    """``article``'s card, rendered now. It sees no request and no context."""
    return mark_safe(render_to_string(TEMPLATE, {"article": article, "big": big}))


def card(article, big=False):
    """``article``'s card: the kept one when ``article`` was read under a
    public version (``listing.shown`` marks it), else rendered now."""
    version = getattr(article, "public_version", None)
    if version is None:
        return render(article, big)
    key = rendering(article.pk, big)
    html = _kept.get(version, key)
    if html is None:
        html = render(article, big)
        _kept.put(version, key, html)
    return html


def cards(edition, language, wanted):
    """``{name: [card]}`` for ``wanted``, ``{name: (pks, big)}``: each list's
    public articles in ``edition`` as cards, in order. Those not kept are read
    together (two queries: the articles, their tags); when all are, none."""
    found = {}
    for pks, big in wanted.values():
        for pk in pks:
            html = _kept.get(edition.version, rendering(pk, big))
            if html is not None:
                found[pk, big] = html
    missing = [
        pk for pks, big in wanted.values() for pk in pks if (pk, big) not in found
    ]
    articles = {}
    if missing:
        rows = shown(edition, list(dict.fromkeys(missing)), language, card_rows())
        articles = {article.pk: article for article in rows}
    result = {}
    for name, (pks, big) in wanted.items():
        result[name] = []
        for pk in pks:
            html = found.get((pk, big))
            if html is None and pk in articles:  # else no longer public
                html = found[pk, big] = render(articles[pk], big)
                _kept.put(edition.version, rendering(pk, big), html)
            if html is not None:
                result[name].append(html)
    return result


class NewestCards(Paged):
    """``listing.Newest`` as cards: a page of the newest articles of
    ``within``, kept cards where there are, the others read together."""

    def __getitem__(self, page):
        pks = self.edition.newest(self.within, page.start or 0, page.stop)
        return cards(self.edition, self.language, {"page": (pks, False)})["page"]
