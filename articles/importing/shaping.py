"""An imported text's shape: a title, a Markdown body and a summary.

Markdown stays as written. Plain text is read the way an article pasted from
a web page is laid out: the first line is the title, each line (or, in text
wrapped at a fixed width, each block between blank lines) a paragraph, and a
short line that ends with a colon or is in Title Case, standing between
paragraphs, a section heading.
"""

import re
from pathlib import Path

from markdown_it import MarkdownIt

from hkai.text import clean_line

from ..markdown_limits import limit_work

SUMMARY_LENGTH = 300
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
# One of these and a text is Markdown already: an ATX heading, a code fence,
# a reference definition, a link or image, strong emphasis, a table's rule.
# (Lists and *emphasis* prove nothing: plain text has them too.)
MARKDOWN_SIGNS = re.compile(
    r"^ {0,3}(?:#{1,6}[ \t]+\S|```|~~~|\[[^\]\n]+\]:[ \t]*\S)"
    r"|\]\([^)\s]+\)"
    r"|\*\*\S[^*\n]*?\*\*"
    r"|^ {0,3}\|?[ \t]*:?-{3,}:?[ \t]*\|",
    re.M,
)
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)

# Plain text.
BULLET = re.compile(r"^(?:[-*+•●▪◦·‣][ \t]+|\d{1,3}[.)][ \t]+)")
PLAIN_BULLET = re.compile(r"^[•●▪◦·‣][ \t]+")
# Four or more digits and a dot would start a Markdown list ("2024. It was").
NUMBERED = re.compile(r"^(\d{4,9})([.)])(?=[ \t])")
FULL_STOPS = tuple(".!?…。！？")
SENTENCE_END = (*FULL_STOPS, *';,；，、"”’」』)')
COLONS = (":", "：")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_PUNCTUATION = re.compile(r"[。，、；！？]")
# fmt: off
SMALL_WORDS = {
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of",
    "on", "or", "the", "to", "vs", "via", "with",
}
# fmt: on
WRAP_WIDTH = 100  # text wrapped at a fixed width has no longer line

# Its work bounded as the renderer's is (articles/markdown_limits.py): past
# the budget, MarkdownTooComplex, which read_article turns into a refusal.
_markdown = limit_work(MarkdownIt("commonmark").enable(["table", "strikethrough"]))


def is_markdown(text: str, filename: str = "") -> bool:
    """A .md file, or a text with one of the MARKDOWN_SIGNS."""
    if Path(filename).suffix.lower() in MARKDOWN_SUFFIXES:
        return True
    return bool(MARKDOWN_SIGNS.search(text))


def shape_markdown(text: str) -> tuple[str, str]:
    """``(title, body)``: the front matter's title, else the first line (a
    heading's text); body headings move down a level if any is a level 1."""
    title = None
    front = FRONT_MATTER.match(text)
    if front and all(":" in line for line in front[1].splitlines() if line.strip()):
        pairs = (line.split(":", 1) for line in front[1].splitlines() if line.strip())
        meta = {key.strip().lower(): value.strip() for key, value in pairs}
        title = meta.get("title", "").strip("\"'") or None
        text = text[front.end() :]
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    if title is None and first < len(lines):
        heading = ATX_HEADING.match(lines[first])
        title = (heading[2] or "") if heading else lines[first]
        underlined = first + 1 < len(lines) and SETEXT_UNDERLINE.match(lines[first + 1])
        lines = lines[first + (2 if underlined and not heading else 1) :]
    return inline_text(title or ""), demote_headings("\n".join(lines)).strip("\n")


def demote_headings(body):
    """Every heading one level down if any is a level 1: the page's only
    ``<h1>`` is the title (and the sanitiser drops ``h1`` from bodies)."""
    headings = [t for t in _markdown.parse(body) if t.type == "heading_open"]
    if not any(t.tag == "h1" and t.level == 0 for t in headings):
        return body
    lines = body.split("\n")
    for token in reversed(headings):
        if token.level or token.map is None:
            continue  # in a list or a quote: left as written
        start, end = token.map
        level = min(int(token.tag[1]) + 1, 6)
        if token.markup.startswith("#"):
            lines[start] = re.sub(r"^( {0,3})#+", rf"\g<1>{'#' * level}", lines[start])
        else:  # Setext: "Text" over "====", as one ATX line
            text = " ".join(line.strip() for line in lines[start : end - 1])
            lines[start:end] = [f"{'#' * level} {text}"]
    return "\n".join(lines)


def shape_plain(text: str) -> tuple[str, str]:
    """``(title, Markdown body)`` from plain text in the pasted-article shape."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    title, rest = (lines[first], lines[first + 1 :]) if first < len(lines) else ("", [])
    blocks = _blocks(rest, wrapped=_hard_wrapped(rest))
    _find_headings(blocks)
    body, previous = [], None
    for kind, line, _count in blocks:
        if kind == "heading":
            line = "## " + line.rstrip(":： ")
        elif kind == "item":
            line = PLAIN_BULLET.sub("- ", line)
        else:
            line = NUMBERED.sub(r"\1\\\2", line)
        if body:
            body.append("\n" if kind == previous == "item" else "\n\n")
        body.append(line)
        previous = kind
    return title, "".join(body)


def _blocks(lines, wrapped):
    """``[[kind, text, line count]]``: paragraphs and list items, in order."""
    blocks, after_blank = [], True
    for line in lines:
        if not line:
            after_blank = True
            continue
        continues = wrapped and not after_blank and blocks
        if BULLET.match(line):
            blocks.append(["item", line, 1])
        elif continues and blocks[-1][0] in ("paragraph", "item"):
            blocks[-1][1] = _join(blocks[-1][1], line)
            blocks[-1][2] += 1
        else:
            blocks.append(["paragraph", line, 1])
        after_blank = False
    return blocks


def _hard_wrapped(lines):
    """Wrapped at a fixed width: no long line, and most lines that another
    follows stop mid-sentence (one paragraph per line ends each with a stop)."""
    filled = [line for line in lines if line]
    if len(filled) < 3 or max(len(line) for line in filled) > WRAP_WIDTH:
        return False
    inner = [a for a, b in zip(lines, lines[1:], strict=False) if a and b]
    open_ended = [a for a in inner if not a.endswith(SENTENCE_END + COLONS)]
    return len(open_ended) * 2 > len(inner)


def _join(line, more):
    """Two lines of one paragraph; Chinese ones and a word split by a hyphen
    join without a space."""
    if CJK.match(line[-1]) and CJK.match(more[0]) or line.endswith("-"):
        return line + more
    return f"{line} {more}"


def _find_headings(blocks):
    """Mark as headings the one-line paragraphs that read as section lines."""
    titleish = [
        kind == "paragraph" and count == 1 and _titleish(text)
        for kind, text, count in blocks
    ]
    for i, (kind, text, count) in enumerate(blocks):
        if kind != "paragraph" or count > 1:
            continue
        before = blocks[i - 1][0] if i else None
        after = blocks[i + 1][0] if i + 1 < len(blocks) else None
        between = (
            before in ("paragraph", "item")
            and after in ("paragraph", "item")
            and not titleish[i - 1]
            and not titleish[i + 1]
        )
        if (_colon_heading(text) and after == "paragraph") or (titleish[i] and between):
            blocks[i][0] = "heading"


def _colon_heading(line):
    """ "Healthcare Revolution:": short, ending with a colon, no sentence in it."""
    words = line.rstrip(":： ")
    return (
        line.endswith(COLONS)
        and 0 < len(words) <= 60
        and len(words.split()) <= 8
        and not re.search(r"[.!?。！？]", words)
    )


def _titleish(line):
    """A short line without a full stop, in Title Case (or, in Chinese, short)."""
    if line.endswith(SENTENCE_END + COLONS) or len(line) > 80:
        return False
    if CJK.search(line):
        return len(line) <= 25 and not CJK_PUNCTUATION.search(line)
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    if not words or len(line.split()) > 10:
        return False
    significant = [w for w in words if w.lower() not in SMALL_WORDS] or words
    return all(w.lstrip("\"'“‘(")[:1].isupper() for w in significant)


def summary(body: str, fallback: str = "") -> str:
    """The body's first paragraph that ends a sentence (a byline or a date
    line does not), else its first paragraph, as plain text, shortened."""
    tokens = _markdown.parse(body)
    paragraphs = [
        text
        for opening, inline in zip(tokens, tokens[1:], strict=False)
        if opening.type == "paragraph_open" and opening.level == 0
        if (text := _plain(inline))
    ]
    sentences = [p for p in paragraphs if p.rstrip("\"'”’」』)").endswith(FULL_STOPS)]
    return shorten(next(iter(sentences + paragraphs), fallback))


def inline_text(markdown: str) -> str:
    """One line of Markdown as plain text: ``**AI** in [HK](…)`` → "AI in HK"."""
    tokens = _markdown.parseInline(markdown)
    return _plain(tokens[0]) if tokens else ""


def _plain(inline):
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)  # an image's content is its alt text
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return clean_line("".join(parts))


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """At most ``limit`` characters, cut at a word boundary, with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—、，") + "…"
