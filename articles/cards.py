"""Article cards (templates/includes/article_card.html) rendered once and kept
by the process, as Django's ``{% cache %}`` keeps a fragment, but exact.

Why: a card is about thirty template nodes, two dates and a few addresses;
the home page shows eleven, a topic page up to thirty, and rendering them was
most of those pages' time. A card's HTML depends only on the article (its
title, summary, date, reading time, picture, sectors and tags), the language,
the address prefix and time zone it is rendered in and its variant (``big``),
so that is what it is kept by.

Never stale, by the rule of hkai/shell.py and articles/edition.py: cards are
kept under the public version (hkai/versions.py) read *before* their article
was, and thrown away as soon as it moves (every public change advances it,
a renamed sector or tag included); none is kept that was rendered inside a
transaction, or from an article read without a version (``public_version``)
to vouch for it. At most ``settings.KEPT_CARDS`` are kept, the oldest
forgotten first.
"""

import threading

from django.conf import settings
from django.core.signals import setting_changed
from django.db import connection
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .listing import card_rows, shown

TEMPLATE = "includes/article_card.html"

_kept = {"version": None, "cards": {}}
_lock = threading.Lock()


def render(article, big=False):
    """``article``'s card, rendered now. It sees no request and no context."""
    return mark_safe(render_to_string(TEMPLATE, {"article": article, "big": big}))


def card(article, big=False):
    """``article``'s card: the kept one when ``article`` was read under a
    public version (``listing.shown`` marks it), else rendered now."""
    version = getattr(article, "public_version", None)
    if version is None or connection.in_atomic_block:
        return render(article, big)
    key = _key(article.pk, big)
    html = _get(version, key)
    if html is None:
        html = render(article, big)
        _put(version, key, html)
    return html


def cards(edition, language, wanted):
    """``{name: [card]}`` for ``wanted``, ``{name: (pks, big)}``: each list's
    public articles in ``edition`` as cards, in order. Those not kept are read
    together (two queries: the articles, their tags); when all are, none."""
    keep = not connection.in_atomic_block
    found = {}
    if keep:
        for pks, big in wanted.values():
            for pk in pks:
                html = _get(edition.version, _key(pk, big))
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
                if keep:
                    _put(edition.version, _key(pk, big), html)
            if html is not None:
                result[name].append(html)
    return result


def _key(pk, big):
    return (
        pk,
        big,
        get_language(),
        get_script_prefix(),
        get_urlconf(),
        timezone.get_current_timezone_name(),
    )


def _get(version, key):
    with _lock:
        if _kept["version"] == version:
            return _kept["cards"].get(key)
    return None


def _put(version, key, html):
    with _lock:
        if _kept["version"] != version:
            _kept["version"], _kept["cards"] = version, {}
        kept = _kept["cards"]
        if len(kept) >= settings.KEPT_CARDS and key not in kept:
            del kept[next(iter(kept))]  # the oldest: dicts keep insertion order
        kept[key] = html


def forget(**kwargs):
    """Drop every kept card (a test changed the settings they read)."""
    with _lock:
        _kept["version"], _kept["cards"] = None, {}


setting_changed.connect(forget)
