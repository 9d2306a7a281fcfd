"""What the search index stores, what a reader's query means, and how a
snippet is shown: the same on every engine.

Neither SQLite's FTS5 nor PostgreSQL's parsers split Chinese into words: to
them "醫療數據" is one token, so a search for 醫療 would miss it. The index
and every query therefore write each CJK character as a token of its own
("醫 療 數 據"), and a Chinese word in a query is searched as a phrase of its
characters: it matches where they stand next to each other, in order, which
is what a reader typing 私隱 means. Latin words are searched as words, stemmed
by the engine (``classrooms`` finds ``classroom``).

A query reads like a web search engine's (PostgreSQL's ``websearch`` syntax):
words are all required, ``"quoted words"`` are a phrase, ``-word`` excludes,
``or`` between two words accepts either. Nothing a reader types reaches an
engine as syntax: every word is quoted by the engine's own rules.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from hkai.text import clean_text

# Han (with extension A and compatibility ideographs), kana, Hangul and
# CJK symbols-free: the scripts written without spaces between words.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK_CHAR = re.compile(f"([{_CJK}])")
_SPACE = re.compile(r"\s+")
# A word: letters and digits (CJK included), inner apostrophes and hyphens
# split it (the engines do the same).
_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"([^"]*)"?')

MAX_QUERY_LENGTH = 200  # characters a query is read to
MAX_TERMS = 12  # words and phrases beyond these are ignored

# Marks around matched words in snippets: control characters no stored text
# holds (hkai.text.clean_text removes them), turned into <mark> after escaping.
START, STOP = "\x02", "\x03"
# CJK punctuation and full-width forms: written without spaces either.
_CJK_TEXT = f"{_CJK}\u3000-\u303f\uff00-\uffef"
_JOINED = re.compile(
    f"(?<=[{_CJK_TEXT}{START}{STOP}])\\s+(?=[{_CJK_TEXT}{START}{STOP}])"
)
# Where one block of an article ends and the next begins.
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|td|th|figcaption)>")


def spaced(text):
    """``text`` with every CJK character a word of its own, whitespace single,
    full-width letters and digits as their plain forms (NFKC): ＡＩ is AI."""
    normal = unicodedata.normalize("NFKC", text)
    return _SPACE.sub(" ", _CJK_CHAR.sub(r" \1 ", normal)).strip()


def plain(html_text):
    """The words of rendered HTML, without its markup; its blocks (headings,
    paragraphs) apart, so a snippet does not run one into the next."""
    separated = _BLOCK_END.sub(" · ", html_text).replace("<", " <")
    return html.unescape(strip_tags(separated))


def document(article, tag_names):
    """``{column: text}`` the index stores for an article."""
    return {
        "title": spaced(article.title),
        "summary": spaced(article.summary),
        "body": spaced(plain(article.body_html)),
        "tags": spaced(" ".join(tag_names)),
    }


def joined(spaced_text):
    """``spaced()`` undone: CJK characters (and marks) next to each other."""
    return _JOINED.sub("", spaced_text)


def around(plain_text, query, words):
    """About ``words`` words of ``plain_text`` around the first of the query's
    terms it contains, every term in it marked: the fallback's snippet."""
    phrases = sorted(
        {joined(" ".join(term.tokens)) for group in query.groups for term in group},
        key=len,
        reverse=True,
    )
    if not phrases:
        return plain_text[: words * 6]
    pattern = re.compile("|".join(re.escape(p) for p in phrases), re.IGNORECASE)
    found = pattern.search(plain_text)
    start = max(0, found.start() - words * 3) if found else 0
    window = plain_text[start : start + words * 6]
    window = (
        ("…" if start else "")
        + window
        + ("…" if len(plain_text) > start + words * 6 else "")
    )
    return pattern.sub(lambda m: f"{START}{m.group()}{STOP}", window)


def highlighted(snippet):
    """A snippet the engine marked with START/STOP, safe to show: escaped,
    its marks as ``<mark>``, CJK characters joined up again."""
    marked = escape(joined(snippet or ""))
    marked = marked.replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(marked.replace("</mark><mark>", ""))  # escaped above


@dataclass(frozen=True)
class Term:
    """One word or phrase: its tokens, as the index spells them."""

    tokens: tuple
    negated: bool = False


@dataclass(frozen=True)
class Query:
    """What a reader asked: every group must match, a group matching if any
    of its terms does; negated terms must not."""

    text: str = ""
    groups: tuple = ()
    excluded: tuple = ()
    words: tuple = field(default=(), compare=False)

    def __bool__(self):
        return bool(self.groups)


def _tokens(text):
    return tuple(spaced(" ".join(_WORD.findall(text))).split())


def parse(text):
    """A reader's query, read as a web search engine reads it; never fails."""
    text = _SPACE.sub(" ", clean_text(text or "")).strip()[:MAX_QUERY_LENGTH]
    groups, excluded = [], []
    joined = False  # the previous chunk was "or"
    for chunk in re.findall(r'-?"[^"]*"?|\S+', text):
        negated = chunk.startswith("-") and len(chunk) > 1
        body = chunk[1:] if negated else chunk
        if body.lower() == "or" and groups and not negated:
            joined = True
            continue
        quoted = _QUOTED.fullmatch(body)
        # A quoted phrase, a word, or parts that belong together ("data-led",
        # "AI醫療", a Chinese word): each is one term, its tokens a phrase.
        tokens = _tokens(quoted.group(1) if quoted else body)
        if not tokens:
            continue
        term = Term(tokens, negated)
        if negated:
            excluded.append(term)
        elif joined:
            groups[-1].append(term)
        else:
            groups.append([term])
        joined = False
        if len(groups) + len(excluded) >= MAX_TERMS:
            break
    words = tuple(
        dict.fromkeys(token for g in groups for term in g for token in term.tokens)
    )
    return Query(
        text=text,
        groups=tuple(tuple(group) for group in groups),
        excluded=tuple(excluded),
        words=words,
    )


def websearch(query):
    """``query`` in PostgreSQL's websearch syntax, every term quoted."""
    parts = [" or ".join(f'"{" ".join(t.tokens)}"' for t in g) for g in query.groups]
    parts += [f'-"{" ".join(t.tokens)}"' for t in query.excluded]
    return " ".join(parts)


def fts5(query):
    """``query`` as an FTS5 MATCH expression, every term a quoted string."""

    def quoted(term):
        return '"' + " ".join(term.tokens).replace('"', '""') + '"'

    expression = " AND ".join(
        "(" + " OR ".join(quoted(t) for t in group) + ")" for group in query.groups
    )
    for term in query.excluded:
        expression += f" NOT {quoted(term)}"
    return expression
