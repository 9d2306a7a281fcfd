"""Text hygiene: what every text must go through before a page or a feed shows it.

Applied where text enters (model fields, the tag manager) and again where it
leaves for XML (the feed generators), so no stored value can break a feed.
"""

import re
import unicodedata

# C0/C1 control characters (but tab, newline, carriage return) and the
# non-characters XML 1.0 forbids: one pasted U+000B turns a feed into a 500.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Bidirectional embeddings, overrides and isolates: one left unclosed makes
# the rest of a title, a search result or a feed item read backwards, and
# nothing an editor writes here needs them (the page sets the direction).
# Removed from every text, bodies included.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# A single line of text (a title, a summary, a name, a tag) also loses the
# invisible characters that make two equal-looking names differ: the rest of
# Unicode's default-ignorable characters (zero-width space, word joiner,
# byte-order mark, soft hyphen, direction marks, Hangul fillers, invisible
# operators...), but not the variation selectors, which choose how a Han
# character or an emoji looks. Runs of white space, line breaks and tabs
# included, become one space.
_INVISIBLE = re.compile(
    f"[{_BIDI_CONTROLS}\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b\u200e\u200f\u2060-\u2064\u206a-\u206f\u3164\ufeff\uffa0"
    "\ufff9-\ufffb\U0001bca0-\U0001bca3\U0001d173-\U0001d17a]"
)
# Tag characters (invisible ASCII) too, except as a flag's tag sequence (🏴 +
# tags + cancel tag: the flag of Scotland).
_TAGS = re.compile(
    "(\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f)|[\U000e0000-\U000e007f]"
)
# The zero-width joiner and non-joiner stay where they join something: inside
# an emoji sequence (👩‍💻), and between the letters of the scripts that need
# them (Arabic, Persian, the Indic scripts); elsewhere ("A‍I") they only make
# a second tag that looks like the first.
_JOINERS = re.compile("[\u200c\u200d]")
_SPACES = re.compile(r"\s+")
_BODY_INVISIBLE = re.compile(f"[{_BIDI_CONTROLS}\ufeff]")


def clean_text(value) -> str:
    """Drop control characters, bidirectional controls and byte-order marks,
    and normalise to NFC, so text is valid anywhere. Bodies keep the other
    invisible characters: a zero-width space or a soft hyphen is a line-break
    hint in prose, a joiner part of an emoji or a word."""
    text = _BODY_INVISIBLE.sub("", _FORBIDDEN.sub("", str(value or "")))
    return unicodedata.normalize("NFC", text)


def clean_line(value) -> str:
    """One line of plain text: clean, invisible characters gone, joiners only
    where they join, spaces collapsed."""
    text = _TAGS.sub(_flag, _INVISIBLE.sub("", clean_text(value)))
    text = _JOINERS.sub(_joiner, text)
    return _SPACES.sub(" ", text).strip()


def _flag(match):
    return match.group(1) or ""


def _joiner(match):
    text, at = match.string, match.start()
    before, after = text[at - 1 : at], text[at + 1 : at + 2]
    if not (before and after):
        return ""
    if match.group() == "\u200d" and _is_emoji(before) and _is_emoji(after):
        return match.group()
    return match.group() if _joins_letters(before) and _joins_letters(after) else ""


def _is_emoji(char):
    code = ord(char)
    return code >= 0x1F000 or 0x2300 <= code <= 0x27BF or char == "\ufe0f"


def _joins_letters(char):
    """A letter or mark of a script that uses joiners: not Latin, Greek,
    Cyrillic (below U+0590), nor Han, kana or Hangul (from U+2E80)."""
    code = ord(char)
    category = unicodedata.category(char)
    return 0x0590 <= code < 0x2E80 and category[0] in "LM"


def fold_width(value) -> str:
    """Full-width and other compatibility forms to their plain form (ＡＩ → AI)."""
    return unicodedata.normalize("NFKC", value)
