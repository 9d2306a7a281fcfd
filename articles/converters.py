"""Path converters. Django's ``<slug:>`` rejects 私隱, so slugs use ``uslug``."""


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class YearConverter:
    regex = r"[0-9]{4}"

    def to_python(self, value):
        return int(value)

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
