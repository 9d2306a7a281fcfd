"""``{% monthly_chart chart %}``: the chart of articles per month
(templates/includes/monthly_chart.html), rendered once for each set of
numbers and language and kept by the process.

Why: the chart is 24 months drawn twice (bars and table), about seventy date
filters, a third of the home page's rendering. Its HTML depends on nothing
but its months and counts and the language, so it is kept by exactly those:
new numbers are a new key, never a stale picture.
"""

import threading

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

TEMPLATE = "includes/monthly_chart.html"
KEPT = 512  # charts: each a few kilobytes

_kept = {}
_lock = threading.Lock()


@register.simple_tag(name="monthly_chart")
def monthly_chart_tag(chart):
    """``chart`` (articles/charts.py ``MonthlyChart``) as HTML."""
    key = (get_language(), tuple((month.start, month.count) for month in chart.months))
    with _lock:
        html = _kept.get(key)
    if html is None:
        html = mark_safe(render_to_string(TEMPLATE, {"chart": chart}))
        with _lock:
            if len(_kept) >= KEPT:
                del _kept[next(iter(_kept))]  # the oldest
            _kept[key] = html
    return html
