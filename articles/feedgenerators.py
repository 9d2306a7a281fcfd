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

import io
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

    def item_text(self, **kwargs):
        """An item (``add_item``'s arguments) as ``write`` writes it, not
        added: what articles/feed_items.py keeps."""
        self.add_item(**kwargs)
        return self.serialize(self.items.pop())

    def add_written(self, text, pubdate, updateddate):
        """An item ``item_text`` wrote, written out as it is; its dates date
        the feed (``latest_post_date``)."""
        self.items.append(
            {"text": text, "pubdate": pubdate, "updateddate": updateddate}
        )

    def text_of(self, item):
        """What ``write`` writes for ``item``: its text if it came written."""
        text = item.get("text")
        return self.serialize(item) if text is None else text


class WrittenItems:
    """XML feeds' items written one at a time by a writer of their own
    (``serialize``), so that one written before can be written again as it
    is (``write_items``, through the writer's public way to write raw text).
    An item is the same bytes alone as within the document: the writer adds
    no whitespace and leaves no tag open between items."""

    ITEM = "item"
    PARENTS = ()  # the elements an item is written in, outermost first

    def serialize(self, item):
        out = io.StringIO()
        handler = TextWriter(out, "utf-8", html=self.html, plain=self.plain)
        handler.open = list(self.PARENTS)
        handler.startElement(self.ITEM, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.ITEM)
        return out.getvalue()

    def write_items(self, handler):
        for item in self.items:
            handler.ignorableWhitespace(self.text_of(item))


class RssFeed(WrittenItems, CleanedFeed, Rss201rev2Feed):
    """RSS 2.0 with the full body as ``content:encoded``, and the time of the
    last edit as ``atom:updated`` (RSS itself has no element for it)."""

    PARENTS = ("rss", "channel")
    html = frozenset()
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


class AtomFeed(WrittenItems, CleanedFeed, Atom1Feed):
    """Atom 1.0 with the full body as ``<content type="html">``."""

    ITEM, PARENTS = "entry", ("feed",)
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
        # What json.dumps(feed, indent=1) writes with "items" last, each item
        # its own dump indented two levels deeper (``serialize``).
        head = json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": self.feed["title"],
                "home_page_url": self.feed["link"],
                "feed_url": self.feed["feed_url"],
                "description": self.feed["description"],
                "language": self.feed["language"],
            },
            ensure_ascii=False,
            indent=1,
        )
        items = ",\n  ".join(self.text_of(item) for item in self.items)
        items = f"[\n  {items}\n ]" if items else "[]"
        outfile.write(f'{head[:-2]},\n "items": {items}\n}}'.encode(encoding))

    def serialize(self, item):
        # A dump has no line break of its own but the indentation's: strings
        # spell theirs "\n".
        text = json.dumps(self._item(item), ensure_ascii=False, indent=1)
        return text.replace("\n", "\n  ")

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
