"""Bounds on what one Markdown body may cost to render.

Bodies are rendered on save (``articles.text.render_markdown``), inside the
request, and gunicorn kills a worker after 30 s: a body built to be slow would
lose the editor's save and hold a worker. markdown-it-py is pure Python and
its cost grows with the number of places where markup may start (a line, a
``*``, a ``[``), not with the number of characters: 200,000 characters of
ordinary paragraphs render in a few hundredths of a second, as many ``- a``
lines in seconds. So two bounds, measured in ``bench/markdown.py``:

- the size: at most ``settings.MAX_BODY_CHARS`` characters;
- the work, counted as markdown-it-py goes: each line, each place a block or
  inline rule is tried, each token a block rule made, each emphasis
  delimiter, and each raw HTML tag (the sanitiser, html5ever, takes time
  quadratic in the depth of nested ``<div>`` or ``<blockquote>``).

A body over either is a form error (``articles.text.validate_body``, run by
the models' ``clean_fields``, so the admin and the import both refuse it).
Where no form stands in front (a script, a migration), a body over the work
budget is shown as escaped paragraphs (``plain_html``) instead of holding the
worker. Nesting is bounded by markdown-it-py itself: the commonmark preset's
``maxNesting`` (20) stops blockquotes, lists and brackets going deeper.
Ordinary Markdown renders exactly as before: the counting rules never match.
"""

import html
import re

# Calibrated with bench/markdown.py (docs/performance.md): at this budget the
# most expensive kind of step (``![`` repeated, 7-8 µs each) stops the render
# within about 0.6 s of CPU, while the demo articles, at 200,000 characters,
# would spend about 28,000.
WORK_BUDGET = 80_000
WORK_PER_LINE = 6
WORK_PER_HTML_TAG = 20
_HTML_TAG = re.compile(r"<[A-Za-z]")
_DELIMITER_RUN = re.compile(r"\*+|_+|~+")
_PARAGRAPHS = re.compile(r"\n\s*\n")


class MarkdownTooComplex(ValueError):
    """The body has more markup than ``WORK_BUDGET`` allows."""


def _spend(env, steps=1):
    env["markdown_work"] = spent = env.get("markdown_work", 0) + steps
    if spent > WORK_BUDGET:
        raise MarkdownTooComplex


def _count_block(state, start_line, end_line, silent):
    _spend(state.env)
    return False


def _count_inline(state, silent):
    # A run of emphasis markers is one rule call but a token per marker.
    run = _DELIMITER_RUN.match(state.src, state.pos)
    _spend(state.env, len(run.group()) if run else 1)
    return False


def _count_lines(state):
    # Charged before parsing: a table's rows and a list's items are made by
    # one rule call, and 30,000 of them cost seconds before any token exists.
    _spend(state.env, WORK_PER_LINE * state.src.count("\n"))


def _count_blocks(state):
    # A table's rows, a list's items: one rule call makes many tokens.
    _spend(state.env, len(state.tokens))


def _count_html(state):
    for token in state.tokens:
        if token.type == "html_block":
            _spend(state.env, WORK_PER_HTML_TAG * len(_HTML_TAG.findall(token.content)))
        elif token.type == "inline":
            tags = sum(child.type == "html_inline" for child in token.children or ())
            _spend(state.env, WORK_PER_HTML_TAG * tags)


def _count_delimiters(state):
    # Emphasis and strikethrough pair their delimiters after tokenising: a run
    # of 100,000 ``*`` is one step for the rules and 100,000 for the pairing.
    _spend(state.env, len(state.delimiters))


def limit_work(md):
    """``md`` with rules that count its work and raise MarkdownTooComplex
    past the budget. They never match, so the output does not change."""
    md.block.ruler.before("table", "work_limit", _count_block)
    md.inline.ruler.before("text", "work_limit", _count_inline)
    md.inline.ruler2.before("balance_pairs", "work_limit", _count_delimiters)
    md.core.ruler.before("block", "work_limit_lines", _count_lines)
    md.core.ruler.after("block", "work_limit_blocks", _count_blocks)
    md.core.ruler.push("work_limit_html", _count_html)
    return md


def plain_html(source):
    """The text as escaped paragraphs: what a body too complex to render
    becomes where nothing can refuse it. Linear, and safe as it is."""
    return "".join(
        f"<p>{html.escape(part.strip())}</p>\n"
        for part in _PARAGRAPHS.split(source)
        if part.strip()
    )
