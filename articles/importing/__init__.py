"""Import a plain-text or Markdown article as a draft.

``read_article`` turns a file's bytes, or pasted text, into an
``ImportedText``: decoded (``decoding``), repaired (``repairs``) and shaped
into a title, a Markdown body and a summary (``shaping``); or it raises
``ImportRefused`` with a message for the editor. ``save_draft`` stores it as a
draft, filed under what was asked and, if wanted, what ``suggestions`` found.
``manage.py import_article`` and the admin's import page both use them; the
rules, as editors see them, are in docs/editor-guide.md.
"""

import itertools
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hkai.text import clean_line

from ..markdown_limits import MarkdownTooComplex
from ..models import RESERVED_SLUGS, Article
from .decoding import MAX_BYTES, ImportRefused, check_text, decode
from .repairs import repair
from .shaping import is_markdown, shape_markdown, shape_plain, summary
from .suggestions import Suggestions, suggest

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "ImportRefused",
    "ImportedText",
    "Suggestions",
    "read_article",
    "save_draft",
]

FORMATS = ("auto", "plain", "markdown")
TITLE_LENGTH = Article._meta.get_field("title").max_length
SLUG_ROOM = Article._meta.get_field("slug").max_length - 10  # for "-2", "-3"…


@dataclass
class ImportedText:
    title: str
    body: str  # Markdown
    summary: str
    was_markdown: bool
    repairs: list[str]  # one sentence per kind of repair made


def read_article(data: bytes | str, filename="", format="auto") -> ImportedText:
    """``data`` (a file's bytes or pasted text) read as an article. ``format``
    is "plain", "markdown" or "auto" (a .md name or Markdown signs)."""
    if isinstance(data, bytes):
        text, encoding = decode(data)
    else:
        text, encoding = check_text(data), "UTF-8"
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # a browser's line ends
    if len(text) > settings.MAX_BODY_CHARS:  # before the repairs spend time on it
        raise ImportRefused(
            _(
                "The text has %(length)s characters; an article may have at most "
                "%(max)s. Split it into parts."
            )
            % {"length": f"{len(text):,}", "max": f"{settings.MAX_BODY_CHARS:,}"}
        )
    if not text.strip():
        raise ImportRefused(_("The text is empty: there is nothing to import."))
    markdown = format == "markdown" or (
        format == "auto" and is_markdown(text, filename)
    )
    text, repairs = repair(text, markdown)
    if encoding != "UTF-8":
        repairs.insert(0, _("Read the file as %(encoding)s.") % {"encoding": encoding})
    try:
        title, body = (shape_markdown if markdown else shape_plain)(text)
        return _checked(title, body, markdown, repairs)
    except MarkdownTooComplex:
        raise ImportRefused(
            _(
                "The body has too much formatting to be shown quickly (lists, "
                "links, emphasis or HTML tags by the thousand). Simplify it or "
                "split the article into parts."
            )
        ) from None


def _checked(title, body, markdown, repairs):
    """The shaped text as an ImportedText, or ImportRefused for a missing or
    overlong title or an empty body."""
    title = clean_line(title)
    if not title:
        raise ImportRefused(_("The text is empty: there is nothing to import."))
    if len(title) > TITLE_LENGTH:
        raise ImportRefused(
            _(
                "The first line, which becomes the title, has %(length)d characters "
                "(at most %(max)d). Put the title on a line of its own at the top."
            )
            % {"length": len(title), "max": TITLE_LENGTH}
        )
    if not body.strip():
        raise ImportRefused(
            _("There is a title (“%(title)s”) but no text below it.") % {"title": title}
        )
    return ImportedText(title, body, summary(body, title), markdown, repairs)


@transaction.atomic
def save_draft(
    imported, author, *, sectors=(), challenges=(), tags=(), apply_suggestions=False
):
    """``(article, suggestions)``: ``imported`` saved as a draft by ``author``,
    filed under ``sectors``, ``challenges`` and ``tags``, and under the
    suggestions too if ``apply_suggestions``."""
    article = Article(
        title=imported.title,
        slug=unique_slug(imported.title),
        summary=imported.summary,
        body=imported.body,
        author=author,
        status=Article.Status.DRAFT,
    )
    try:
        article.full_clean()
    except ValidationError as error:
        raise ImportRefused(" ".join(error.messages)) from error
    article.save()
    suggestions = suggest(f"{imported.title}\n{imported.body}")
    if apply_suggestions:
        sectors = [*sectors, *(match.item for match in suggestions.sectors)]
        challenges = [*challenges, *(match.item for match in suggestions.challenges)]
        tags = [*tags, *(match.item for match in suggestions.tags)]
    if sectors:
        article.sectors.set(dict.fromkeys(sectors))
    if challenges:
        article.challenges.set(dict.fromkeys(challenges))
    if tags:
        article.tags.set(list(dict.fromkeys(tags)))
    return article, suggestions


def unique_slug(title):
    """The title's slug (Unicode kept), with -2, -3… if it is taken; never
    all digits or reserved (article slugs share /articles/ with the archive)."""
    base = slugify(title, allow_unicode=True)[:SLUG_ROOM].strip("-_")
    if not base or base.isdigit() or base in RESERVED_SLUGS:
        base = "-".join(filter(None, ["article", base]))
    taken = set(
        Article.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    candidates = itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
    return next(slug for slug in candidates if slug not in taken)
