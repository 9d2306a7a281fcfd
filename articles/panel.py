"""The filter panel (templates/includes/filter_panel.html) rendered once per
scope and kept by the process, as the cards are (articles/cards.py).

Why: about twenty-five links with counts, each built by ``scope.list_url``,
was some 60 % of the article list's time. The panel's HTML depends only on
the scope (the reader's filters and words), which page it links to
(``list_url`` or ``search_url``), the words shown in its search box, the
language, address prefix and URLconf, and the index of public articles it is
counted on: that is what it is kept by.

Never stale, by the rule of hkai/kept.py: kept under the public version the
index was read at and the time the index is good until (a scheduled article
coming due changes the counts without moving the version), thrown away when
either moves, never kept inside a transaction. At most ``settings.KEPT_PANELS``.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from hkai.kept import Kept, rendering

from .facets import facets

TEMPLATE = "includes/filter_panel.html"

_kept = Kept(lambda: settings.KEPT_PANELS)


def filter_panel(scope, url, edition, matched, searched):
    """The panel for ``scope`` counted on ``edition`` (``matched``: the
    articles its words match), its links to ``url``, ``searched`` in its box."""
    key = rendering("panel", url, scope.query(), searched)
    version = (edition.version, edition.until)
    html = _kept.get(version, key)
    if html is None:
        context = {
            "facets": facets(scope, url, edition, matched),
            "scope": scope,
            "searched": searched,
        }
        html = mark_safe(render_to_string(TEMPLATE, context))
        _kept.put(version, key, html)
    return html
