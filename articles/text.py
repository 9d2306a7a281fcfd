"""Markdown rendering for what editors write."""

from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from hkai.imagehosts import allowed_origins, is_allowed_image, media_prefix
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
    """Render Markdown to HTML that is safe to show: only an allow-list
    survives, and images only from the hosts ``hkai.imagehosts`` allows."""
    return _render(source)[0]


def refused_images(source: str) -> list[str]:
    """The addresses of the images in ``source`` that a reader will not be
    shown (neither the media storage's nor an allowed host's), in order."""
    return _render(source)[1]


def validate_body_images(source: str) -> None:
    """A form error naming every image address a body may not use."""
    refused = refused_images(source)
    if not refused:
        return
    hosts = ", ".join(allowed_origins())
    if hosts:
        where = _(
            "Images may come from the site's media (%(media)s) or from these "
            "hosts: %(hosts)s."
        ) % {"media": media_prefix(), "hosts": hosts}
    else:
        where = _("Images may come only from the site's media (%(media)s).") % {
            "media": media_prefix()
        }
    raise ValidationError(
        [
            ValidationError(
                _("This image's address is not allowed: %(address)s. %(where)s"),
                code="image_host",
                params={"address": address, "where": where},
            )
            for address in dict.fromkeys(refused)
        ]
    )


def _render(source):
    source = clean_text(source)
    try:
        html = _markdown.render(source)
    except MarkdownTooComplex:
        html = plain_html(source)  # validate_body keeps this from the forms
    refused = []

    def keep(tag, attribute, value):
        # nh3 calls this for every attribute that passed its allow-list. An
        # image from elsewhere loses its address here; the element itself
        # goes below, since an <img> with no src is invalid HTML.
        if tag == "img" and attribute == "src" and not is_allowed_image(value):
            refused.append(value)
            return None
        return value

    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=keep,
    )
    if refused:
        html = _without_sourceless_images(html)
    return html, refused


class _SourcelessImages(HTMLParser):
    """Finds, in nh3's output, the <img> tags with no ``src`` left."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found = []  # (line, column, tag text)

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not any(name == "src" for name, _ in attrs):
            self.found.append((*self.getpos(), self.get_starttag_text()))

    handle_startendtag = handle_starttag


def _without_sourceless_images(html):
    parser = _SourcelessImages()
    parser.feed(html)
    parser.close()
    lines = html.split("\n")
    for line, column, text in reversed(parser.found):
        row = lines[line - 1]
        lines[line - 1] = row[:column] + row[column + len(text) :]
    return "\n".join(lines)


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
