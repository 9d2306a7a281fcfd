"""Path converters. Django's ``<slug:>`` rejects 私隱, so slugs use ``uslug``."""

from .models import EARLIEST_YEAR


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class YearConverter:
    """Four digits, from the first year an article may carry: no archive asks
    the database for the year 1 (which it cannot turn into UTC)."""

    regex = r"[0-9]{4}"

    def to_python(self, value):
        year = int(value)
        if year < EARLIEST_YEAR:
            raise ValueError(year)
        return year

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter:
    regex = r"0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class FeedFormatConverter:
    regex = r"rss|atom|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class AltFeedFormatConverter(FeedFormatConverter):
    """Formats other than RSS, which is the plain ``…/feed/`` address."""

    regex = r"atom|json"


CONVERTERS = {
    "uslug": UnicodeSlugConverter,
    "yyyy": YearConverter,
    "mm": MonthConverter,
    "feedfmt": FeedFormatConverter,
    "altfmt": AltFeedFormatConverter,
}
