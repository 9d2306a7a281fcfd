"""Readable differences between two versions of an article's text.

Word by word for the title and summary, line by line (then word by word
inside a changed line) for the Markdown body: what an editor needs to see
what a colleague changed. The output is escaped HTML with ``<del>`` and
``<ins>``, for the admin.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# The fields compared, in the order shown.
COMPARED = {
    "title": _("Title"),
    "summary": _("Summary"),
    "body": _("Body"),
}
_WORDS = re.compile(r"\s+|[^\s]+")


def diff_words(old, new):
    """Escaped HTML of ``new`` with the words ``old`` had marked as deleted and
    the words it lacked marked as inserted."""
    old_words, new_words = _WORDS.findall(old or ""), _WORDS.findall(new or "")
    parts = []
    matcher = SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape("".join(old_words[i1:i2]))
        added = escape("".join(new_words[j1:j2]))
        if tag == "equal":
            parts.append(added)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)


def diff_lines(old, new):
    """Line by line, and word by word inside a line that changed."""
    old_lines = (old or "").splitlines(keepends=True)
    new_lines = (new or "").splitlines(keepends=True)
    parts = []
    matcher = SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(new_lines[j1:j2])))
        elif tag == "replace" and i2 - i1 == j2 - j1:
            parts += [
                diff_words(a, b)
                for a, b in zip(old_lines[i1:i2], new_lines[j1:j2], strict=True)
            ]
        else:
            parts.append(
                diff_words("".join(old_lines[i1:i2]), "".join(new_lines[j1:j2]))
            )
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)


def compare(old, new):
    """``[(label, html, changed)]`` for each compared field of two dicts."""
    rows = []
    for name, label in COMPARED.items():
        before, after = old.get(name, ""), new.get(name, "")
        show = diff_lines if name == "body" else diff_words
        rows.append((label, show(before, after), before != after))
    return rows
