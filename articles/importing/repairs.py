"""Repairs to text pasted from a web page, each one reported to the editor.

Conservative on purpose: what is removed is debris no article means to keep
(footnote markers, "Click here" lines, an address with nothing after
"http://"); a whole web address, "[1]" at the start of a line (a reference
list) and anything in Markdown code stay as they are.
"""

import difflib
import os
import re

import ftfy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hkai.text import clean_line

# ftfy's defaults, less two that would damage good text: curly quotes are
# right, and full-width punctuation (，。) is right in Chinese.
FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False)
# Markdown writes entities on purpose (``&lt;tag&gt;`` to show a tag).
FTFY_MARKDOWN = FTFY._replace(unescape_html=False)
# What ftfy's explanation calls the steps that undo mojibake.
MOJIBAKE_STEPS = {
    "encode",
    "decode",
    "transcode",
    "restore_byte_a0",
    "replace_lossy_sequences",
    "decode_inconsistent_utf8",
    "fix_c1_controls",
}
EXAMPLES = 3

NON_BREAKING_SPACES = re.compile("[\u00a0\u2007\u202f]")
# Zero-width spaces, word joiners, byte-order marks and soft hyphens: invisible
# on the page, they still split words for search and tag suggestions.
INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# Link debris, by rule. Each pattern matches only what is removed.
DEBRIS = [
    # "growth.[1]", "growth [12]", "[citation needed]", "[edit]", after a word
    # or punctuation; not "[text][1]" nor "[1]: …" nor "[1](…)".
    re.compile(
        r"(?<=[^\s\[\]])[ \t]?\[(?:\d{1,3}|citation needed|edit)\](?![(\[:])", re.I
    ),
    # A line that is only "Click here…" (or "Tap here…"), "Read more",
    # "Continue reading".
    re.compile(
        r"^[ \t]*(?:(?:click|tap) here\b[^\n\]]{0,100}"
        r"|read more|continue reading)[ \t.:…»>]*$\n?",
        re.I | re.M,
    ),
    re.compile(r"[ \t]*[(\[][ \t]*(?:click|tap) here[ \t]*[)\]]", re.I),
    re.compile(r"[ \t]*\(opens in (?:a )?new (?:window|tab)\)", re.I),
    # An address with nothing after its scheme: "see http:// for more".
    re.compile(r"[ \t]*(?<![\w/(<])\(?https?://\)?(?=[\s.,;:]|$)", re.I | re.M),
]
# Markdown code, kept from the debris rules: fenced blocks (to the end of
# the text if never closed), then code spans within a line.
CODE = re.compile(
    r"^ {0,3}(```|~~~).*?(?:^ {0,3}\1[^\n]*$|\Z)|(`+)[^`\n]*?\2", re.M | re.S
)
REFERENCE = re.compile(r"^ {0,3}\[([^\]\n]+)\]:", re.M)
PLACEHOLDER = re.compile(r"\ue000(\d+)\ue001")


def repair(text: str, markdown: bool) -> tuple[str, list[str]]:
    """``(repaired text, what was repaired)``, one sentence per kind of repair."""
    text, mojibake = fix_encoding(text, FTFY_MARKDOWN if markdown else FTFY)
    text, spaces = NON_BREAKING_SPACES.subn(" ", text)
    text, invisible = INVISIBLE.subn("", text)
    text, debris = remove_debris(text)
    reports = [mojibake] if mojibake else []
    if spaces:
        reports.append(
            ngettext(
                "Replaced %(count)d non-breaking space with an ordinary space.",
                "Replaced %(count)d non-breaking spaces with ordinary spaces.",
                spaces,
            )
            % {"count": spaces}
        )
    if invisible:
        reports.append(
            ngettext(
                "Removed %(count)d invisible character (zero-width space or "
                "soft hyphen).",
                "Removed %(count)d invisible characters (zero-width spaces or "
                "soft hyphens).",
                invisible,
            )
            % {"count": invisible}
        )
    if debris:
        reports.append(
            ngettext(
                "Removed %(count)d piece of link debris: %(examples)s.",
                "Removed %(count)d pieces of link debris: %(examples)s.",
                len(debris),
            )
            % {"count": len(debris), "examples": examples(debris)}
        )
    return text, reports


def fix_encoding(text, config):
    """ftfy's repairs, and a sentence naming a few of the words it changed."""
    fixed, steps = ftfy.fix_and_explain(text, config)
    changes = changed_words(text, fixed)
    if not changes:
        return fixed, None
    kinds = {part for step in steps or [] for part in step}
    if kinds & MOJIBAKE_STEPS:
        message = ngettext(
            "Repaired %(count)d garbled word (mojibake: text decoded in the "
            "wrong encoding): %(examples)s.",
            "Repaired %(count)d garbled words (mojibake: text decoded in the "
            "wrong encoding): %(examples)s.",
            len(changes),
        )
    else:
        message = ngettext(
            "Repaired %(count)d word (HTML entities, ligatures or control "
            "characters): %(examples)s.",
            "Repaired %(count)d words (HTML entities, ligatures or control "
            "characters): %(examples)s.",
            len(changes),
        )
    return fixed, message % {"count": len(changes), "examples": examples(changes)}


def changed_words(before, after):
    """``["“old” → “new”", …]``: the words that differ, in order. Compared
    line by line where the lines still pair up, which keeps it fast."""
    old_lines, new_lines = before.split("\n"), after.split("\n")
    if len(old_lines) != len(new_lines):
        old_lines, new_lines = [before], [after]
    changes = []
    for old_line, new_line in zip(old_lines, new_lines, strict=True):
        if old_line != new_line:
            changes += _changed_words(old_line.split(), new_line.split())
    return changes


def _changed_words(old, new):
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    changes = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        removed, added = old[i1:i2], new[j1:j2]
        for n in range(max(len(removed), len(added))):
            was = removed[n] if n < len(removed) else ""
            now = added[n] if n < len(added) else ""
            was, now = _narrow(was, now)
            if was and now:
                changes.append(f"“{was}” → “{now}”")
            elif was:
                changes.append(_("“%(word)s” removed") % {"word": was})
            else:
                changes.append(_("“%(word)s” added") % {"word": now})
    return changes


def _narrow(was, now, context=3):
    """A long "word" (Chinese has no spaces) cut down to what changed."""
    was, now = clean_line(was), clean_line(now)
    if max(len(was), len(now)) <= 20:
        return was, now
    start = len(os.path.commonprefix([was, now]))
    end = len(os.path.commonprefix([was[start:][::-1], now[start:][::-1]]))
    start = max(start - context, 0)
    end = max(end - context, 0)
    head = "…" if start else ""
    return (
        head + was[start : len(was) - end] + ("…" if end else ""),
        head + now[start : len(now) - end] + ("…" if end else ""),
    )


def remove_debris(text):
    """``(text, [each piece removed, quoted])``; Markdown code is left alone."""
    removed = []
    text, code = _set_aside(CODE, text)
    # "[1]" is a link, not debris, where Markdown defines "[1]: https://…".
    defined = {f"[{label.casefold()}]" for label in REFERENCE.findall(text)}

    def cut(match):
        piece = match.group().strip()
        if piece.casefold() in defined:
            return match.group()
        if piece:
            removed.append(f"“{piece}”")
        return ""

    for pattern in DEBRIS:
        text = pattern.sub(cut, text)
    return _put_back(code, text), removed


def _set_aside(pattern, text):
    """``text`` with each match replaced by a numbered placeholder, and the
    matches (``_put_back`` restores them)."""
    kept = []

    def hold(match):
        kept.append(match.group())
        return f"\ue000{len(kept) - 1}\ue001"

    return pattern.sub(hold, text), kept


def _put_back(kept, text):
    return PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], text)


def examples(items):
    """The first few different items, and how many other ones there are."""
    different = list(dict.fromkeys(items))
    shown = ", ".join(different[:EXAMPLES])
    more = len(different) - EXAMPLES
    if more <= 0:
        return shown
    return ngettext(
        "%(shown)s and %(more)d more", "%(shown)s and %(more)d more", more
    ) % {"shown": shown, "more": more}
