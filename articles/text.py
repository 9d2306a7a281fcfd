"""Markdown rendering for what editors write."""

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from hkai.text import clean_text

from .markdown_limits import MarkdownTooComplex, limit_work, plain_html

# Its work is bounded (markdown_limits): a body built to be slow cannot hold
# a worker until gunicorn kills it.
_markdown = limit_work(
    MarkdownIt("commonmark", {"linkify": False}).enable(["table", "strikethrough"])
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
    source = clean_text(source)
    try:
        html = _markdown.render(source)
    except MarkdownTooComplex:
        html = plain_html(source)  # validate_body keeps this from the forms
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def validate_body(source):
    """A form error for a body too long, or with too much markup, to render
    quickly (``settings.MAX_BODY_CHARS``, markdown_limits). The editor's text
    stays in the form."""
    if len(source) > settings.MAX_BODY_CHARS:
        raise ValidationError(
            _(
                "The body has %(length)s characters; at most %(max)s are allowed. "
                "Split the article into parts."
            )
            % {"length": f"{len(source):,}", "max": f"{settings.MAX_BODY_CHARS:,}"},
            code="max_length",
        )
    try:
        _markdown.parse(clean_text(source))
    except MarkdownTooComplex:
        raise ValidationError(
            _(
                "The body has too much formatting to be shown quickly (lists, "
                "links, emphasis or HTML tags by the thousand). Simplify it or "
                "split the article into parts."
            ),
            code="too_complex",
        ) from None
