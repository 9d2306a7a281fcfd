"""Text hygiene: what every text must go through before a page or a feed shows it.

Applied where text enters (model fields, the tag manager) and again where it
leaves for XML (the feed generators), so no stored value can break a feed.
"""

import re
import unicodedata

# C0/C1 control characters (but tab, newline, carriage return) and the
# non-characters XML 1.0 forbids: one pasted U+000B turns a feed into a 500.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# A single line of text (a title, a name, a tag) also loses bidirectional
# embeddings, overrides and isolates (they can make a title read backwards) and
# the invisible characters that make two equal-looking names differ (zero-width
# space, word joiner, byte-order mark); runs of white space, line breaks and
# tabs included, become one space. The zero-width joiner and non-joiner stay:
# emoji sequences and several scripts need them.
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


def clean_text(value) -> str:
    """Drop control characters and normalise to NFC, so text is valid anywhere."""
    return unicodedata.normalize("NFC", _FORBIDDEN.sub("", str(value or "")))


def clean_line(value) -> str:
    """One line of plain text: clean, invisible characters gone, spaces collapsed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", clean_text(value))).strip()


def fold_width(value) -> str:
    """Full-width and other compatibility forms to their plain form (ＡＩ → AI)."""
    return unicodedata.normalize("NFKC", value)
