"""Django's feed generators, plus the full article body, plus JSON Feed 1.1.

Every text a feed is given is cleaned on the way in (``CleanedFeed``): one
control character in a title, a sector's name or an author's name would
otherwise make RSS a 500 and Atom malformed XML for every subscriber.

Plain text goes out so that no reader takes it for markup and the W3C Feed
Validation Service (github.com/w3c/feedvalidator) has nothing to say
(``TextWriter``): Atom titles are declared ``type="html"`` and escaped, so
they arrive exactly as typed; RSS has no way to declare it, so its plain-text
elements follow the RSS Best Practices Profile.
"""

import json
import re
from html import escape

from django.utils.feedgenerator import (
    Atom1Feed,
    Rss201rev2Feed,
    SyndicationFeed,
    rfc3339_date,
)
from django.utils.xmlutils import SimplerXMLGenerator

from hkai.text import clean_text

# Text that a reader (or feedparser's "looks like HTML" guess) could take for
# a tag: "<b>", "</script>", "<!--".
_TAG_LIKE = re.compile(r"<(/?[A-Za-z!?][^<>]*)>")
_TAG_START = re.compile(r"<(?=/?[A-Za-z!?])")
# What the RSS Profile asks for "&", "<" and ">" in plain text: hexadecimal
# character references (rssboard.org/rss-profile-1#data-types-characterdata).
_CHARACTER_REFERENCES = str.maketrans({"&": "&#x26;", "<": "&#x3C;", ">": "&#x3E;"})


def plain_text(value):
    """Text no reader can render as markup: a tag-like "<b>" becomes "‹b›".

    Until none is left: one pass left a tag around a tag whole (``<img
    onerror=… alt="<b>">`` became ``<img onerror=… alt="‹b›">``). Each pass
    removes a "<", so it ends. Then a tag that never closes loses its "<":
    the ">" of the reader's own markup after the title would close it."""
    while (replaced := _TAG_LIKE.sub("\u2039\\1\u203a", value)) != value:
        value = replaced
    return _TAG_START.sub("\u2039", value)


class TextWriter(SimplerXMLGenerator):
    """Writes the elements a format defines as text so that every reader
    shows them as text: ``html`` ones (Atom titles) get ``type="html"`` and
    one more escape; ``plain`` ones (RSS titles, categories, names, which
    may not be declared) lose anything tag-like and spell "&", "<" and ">" as
    character references. Both are sets of ``(parent, element)``."""

    def __init__(self, out, encoding, html=frozenset(), plain=frozenset()):
        super().__init__(out, encoding, short_empty_elements=True)
        self.html, self.plain, self.open = html, plain, []

    def startElement(self, name, attrs):
        super().startElement(name, attrs)
        self.open.append(name)

    def endElement(self, name):
        self.open.pop()
        super().endElement(name)

    def addQuickElement(self, name, contents=None, attrs=None):
        where = (self.open[-1] if self.open else None, name)
        if contents and where in self.html:
            attrs, contents = {**(attrs or {}), "type": "html"}, escape(contents)
        elif contents and where in self.plain:
            self.startElement(name, attrs or {})
            # XMLGenerator writes character references only through this
            # method, which writes what it is given as it is.
            self.ignorableWhitespace(
                clean_text(plain_text(contents)).translate(_CHARACTER_REFERENCES)
            )
            self.endElement(name)
            return
        super().addQuickElement(name, contents, attrs)


def _cleaned(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return type(value)(_cleaned(item) for item in value)
    return value


class CleanedFeed(SyndicationFeed):
    """Whatever the database holds, the feed stays well-formed.

    An item's ``PREPARED`` texts were cleaned when they were stored
    (``Article.feed_html``): cleaning a whole body again on every request
    was most of an item's cost.
    """

    PREPARED = frozenset({"content_html"})

    def __init__(self, *args, **kwargs):
        super().__init__(
            *_cleaned(args), **{key: _cleaned(value) for key, value in kwargs.items()}
        )

    def add_item(self, *args, **kwargs):
        super().add_item(
            *_cleaned(args),
            **{
                key: value if key in self.PREPARED else _cleaned(value)
                for key, value in kwargs.items()
            },
        )


class RssFeed(CleanedFeed, Rss201rev2Feed):
    """RSS 2.0 with the full body as ``content:encoded``, and the time of the
    last edit as ``atom:updated`` (RSS itself has no element for it)."""

    plain = {
        ("channel", "title"),
        ("channel", "description"),
        ("channel", "category"),
        ("item", "title"),
        ("item", "category"),
        ("item", "dc:creator"),
    }

    def write(self, outfile, encoding):
        # Django's RssFeed.write, with the TextWriter.
        handler = TextWriter(outfile, encoding, plain=self.plain)
        handler.startDocument()
        handler.startElement("rss", self.rss_attributes())
        handler.startElement("channel", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        self.endChannelElement(handler)
        handler.endElement("rss")

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

    html = {("feed", "title"), ("feed", "subtitle"), ("entry", "title")}
    plain = {("author", "name")}

    def write(self, outfile, encoding):
        # Django's Atom1Feed.write, with the TextWriter.
        handler = TextWriter(outfile, encoding, html=self.html, plain=self.plain)
        handler.startDocument()
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

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
