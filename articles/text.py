"""Text hygiene and Markdown rendering for what editors type."""

import re
import unicodedata

import nh3
from markdown_it import MarkdownIt

# C0/C1 control characters (but tab, newline, carriage return) and the
# non-characters XML 1.0 forbids: one pasted U+000B turns a feed into a 500.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")

_markdown = MarkdownIt("commonmark", {"linkify": False}).enable(
    ["table", "strikethrough"]
)

# fmt: off
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "figcaption",
    "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p",
    "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}
# fmt: on
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
}


def clean_text(value: str) -> str:
    """Drop control characters and normalise to NFC, so text is valid anywhere."""
    return unicodedata.normalize("NFC", _FORBIDDEN.sub("", value or ""))


def render_markdown(source: str) -> str:
    """Render Markdown to HTML that is safe to show: only an allow-list survives."""
    html = _markdown.render(clean_text(source))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
