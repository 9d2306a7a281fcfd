"""Small pictures of the data, drawn on the server: no script, and the
numbers always beside the picture for those who cannot see it."""

import math
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone

MONTHS = 24
HEAT_LEVELS = 4
# The bar chart's drawing box (SVG user units): a bar and a gap per month.
BAR, GAP, HEIGHT = 8, 2, 60


@dataclass
class Month:
    start: date  # its first day
    count: int
    x: int = 0  # where its bar is drawn: from (x, y) down to the baseline
    y: int = HEIGHT
    height: int = 0


@dataclass
class MonthlyChart:
    months: list
    width: int = 0
    height: int = HEIGHT

    @property
    def total(self):
        return sum(m.count for m in self.months)

    @property
    def peak(self):
        """The most articles any one month has."""
        return max(m.count for m in self.months)

    @property
    def busiest(self):
        """The month with the most articles; None when several share the most."""
        top = [m for m in self.months if m.count == self.peak]
        return top[0] if len(top) == 1 else None

    @property
    def first(self):
        return self.months[0].start

    @property
    def last(self):
        return self.months[-1].start


def month_starts(today, n):
    """The first days of the ``n`` months up to ``today``'s, oldest first."""
    index = today.year * 12 + today.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(index - n + 1, index + 1)]


def monthly_chart(articles, months=MONTHS):
    """Articles per month over the last ``months`` months (this one included,
    in the site's time zone), empty months as zero; one query."""
    return chart_of(articles.per_month, months)


def chart_of(per_month, months=MONTHS):
    """The chart of ``per_month(since)``'s counts, ``{first day of a month:
    count}`` from the aware datetime ``since`` on: a queryset's
    ``per_month``, or the index of public articles' (no query)."""
    starts = month_starts(timezone.localdate(), months)
    since = datetime.combine(starts[0], time(), tzinfo=timezone.get_current_timezone())
    counts = per_month(since)
    chart = [Month(start, counts.get(start, 0)) for start in starts]
    tallest = max(m.count for m in chart) or 1
    for i, month in enumerate(chart):
        month.x = i * (BAR + GAP)
        # A month with any article shows at least a sliver.
        month.height = max(round(HEIGHT * month.count / tallest), bool(month.count))
        month.y = HEIGHT - month.height
    return MonthlyChart(chart, width=months * (BAR + GAP) - GAP)


@dataclass
class HeatScale:
    """Shades for counts: 0 for none, then ``levels`` equal steps up to the
    largest count (the explore matrix; heat--0 to heat--4 in site.css)."""

    largest: int
    levels: int = HEAT_LEVELS

    def level(self, count):
        if count <= 0:
            return 0
        return math.ceil(self.levels * count / self.largest)

    @property
    def legend(self):
        """``[(level, lowest count, highest count)]`` of every shade a count
        can take, 0 first; a step too narrow to hold a whole number is left out."""
        steps = [(0, 0, 0)]
        for level in range(1, self.levels + 1):
            low = (level - 1) * self.largest // self.levels + 1
            high = level * self.largest // self.levels
            if low <= high:
                steps.append((level, low, high))
        return steps
