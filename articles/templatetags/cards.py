"""``{% card article %}``: an article's card, kept by the process while it is
right (articles/cards.py); what a view already made into a card is shown as
it is."""

from django import template
from django.utils.safestring import SafeString

from .. import cards

register = template.Library()


@register.simple_tag
def card(article, big=False):
    """The card of ``article`` (an Article, or a card ``cards.cards`` made)."""
    if isinstance(article, SafeString):
        return article
    return cards.card(article, big)
