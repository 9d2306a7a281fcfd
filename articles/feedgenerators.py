"""Django's feed generators, plus the full article body, plus JSON Feed 1.1.

Every text a feed is given is cleaned on the way in (``CleanedFeed``): one
control character in a title, a sector's name or an author's name would
otherwise make RSS a 500 and Atom malformed XML for every subscriber.
"""

import json

from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc3339_date,
)

from hkai.text import clean_text


def _cleaned(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_cleaned(item) for item in value)
    return value


class CleanedFeed(SyndicationFeed):
    """Whatever the database holds, the feed stays well-formed."""

    def __init__(self, *args, **kwargs):
        super().__init__(
            *_cleaned(args), **{key: _cleaned(value) for key, value in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *_cleaned(args), **{key: _cleaned(value) for key, value in kwargs.items()}
        )


class RssFeed(CleanedFeed, Rss201rev2Feed):
    """RSS 2.0 with the full body as ``content:encoded``, and the time of the
    last edit as ``atom:updated`` (RSS itself has no element for it)."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("atom:updated", rfc3339_date(item["updateddate"]))
        handler.addQuickElement("content:encoded", item["content_html"])


class AtomFeed(CleanedFeed, Atom1Feed):
    """Atom 1.0 with the full body as ``<content type="html">``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content_html"], {"type": "html"})


class JsonFeed(CleanedFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "language": self.feed["language"],
            "items": [self._item(item) for item in self.items],
        }
        outfile.write(json.dumps(feed, ensure_ascii=False, indent=1).encode(encoding))

    @staticmethod
    def _item(item):
        return {
            "id": item["unique_id"],
            "url": item["link"],
            "title": item["title"],
            "summary": item["summary_text"],
            "content_html": item["content_html"],
            "date_published": rfc3339_date(item["pubdate"]),
            "date_modified": rfc3339_date(item["updateddate"]),
            "authors": [{"name": item["author_name"]}],
            "tags": list(item["categories"]),
        }


FORMATS = {"rss": RssFeed, "atom": AtomFeed, "json": JsonFeed}
