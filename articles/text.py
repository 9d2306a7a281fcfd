"""Markdown rendering for what editors write."""

import nh3
from markdown_it import MarkdownIt

from hkai.text import clean_text

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
