"""Bytes to text: UTF-8, or UTF-16/32 with a byte-order mark; nothing else.

Legacy encodings (Big5, Windows-1252) are refused rather than guessed: a wrong
guess gives text that looks plausible and is wrong everywhere, and the editor
who has the file can save it as UTF-8 in a moment.
"""

import codecs
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# An article is a few thousand words; anything much larger is a wrong file.
MAX_BYTES = 2 * 1024 * 1024

# Longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
]
# What editors export instead of text, by the bytes a file starts with.
SIGNATURES = {
    b"%PDF-": "PDF",
    b"PK\x03\x04": gettext_lazy("Word (.docx) or other zipped"),
    b"\xd0\xcf\x11\xe0": gettext_lazy("Word (.doc)"),
    b"{\\rtf": "RTF",
    b"\x89PNG": gettext_lazy("PNG image"),
    b"\xff\xd8\xff": gettext_lazy("JPEG image"),
    b"GIF8": gettext_lazy("GIF image"),
}
# Control characters no text file has (tab, line breaks and form feed aside).
_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


class ImportRefused(ValueError):
    """The input cannot become an article; the message tells the editor why."""


def decode(data: bytes) -> tuple[str, str]:
    """``(text, encoding name)``, or ImportRefused for an empty, oversized,
    binary or undecodable file."""
    if not data:
        raise ImportRefused(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _("The file is too large for an article (at most %(size)s MB).")
            % {"size": MAX_BYTES // 1024 // 1024}
        )
    for mark, codec, name in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return check_text(_decode(data, codec, name)), name
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            raise ImportRefused(not_text(kind))
    if b"\x00" in data:
        raise ImportRefused(not_text())
    return check_text(_decode(data, "utf-8", "UTF-8")), "UTF-8"


def check_text(text: str) -> str:
    """``text``, unless it is binary data that happened to decode."""
    if _looks_binary(text):
        raise ImportRefused(not_text())
    return text


def _looks_binary(text):
    """More than one character in a hundred is a control character."""
    sample = text[:4096]
    return len(_BINARY_CONTROLS.findall(sample)) > len(sample) // 100


def not_text(kind=None):
    if kind:
        message = _("This is a %(kind)s file, not text.") % {"kind": kind}
    else:
        message = _("This is not a text file: it holds binary data.")
    return (
        message
        + " "
        + _("Save or export the article as plain text (.txt) or Markdown (.md).")
    )


def _decode(data, codec, name):
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        if _looks_binary(data[:4096].decode("latin-1")):
            raise ImportRefused(not_text()) from error
        raise ImportRefused(
            _(
                "The file is not in %(encoding)s (byte %(position)d cannot be "
                "read), so its characters would come out wrong. Save it with the "
                "encoding UTF-8 (in most editors: Save As…, Encoding) and import "
                "it again."
            )
            % {"encoding": name, "position": error.start + 1}
        ) from error
