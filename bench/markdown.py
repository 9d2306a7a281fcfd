"""How long a body built to be slow takes to render, at the largest size allowed.

    .venv/bin/python bench/markdown.py

For each adversarial construct below (a bounded set), a body of
``settings.MAX_BODY_CHARS`` characters (``BENCH_MARKDOWN_CHARS`` overrides)
is rendered with ``articles.text.render_markdown``, as a save does, in a
process of its own killed after ``BENCH_MARKDOWN_TIMEOUT`` seconds (default
60). Prints a Markdown table: characters, the render time (best of
``BENCH_MARKDOWN_REPEAT``, default 3) in CPU seconds of the process (what a
shared, busy machine does not inflate) and in wall-clock seconds, the work counted by
``articles.markdown_limits`` (or "over" when the body exceeds the budget and is
shown as plain paragraphs) and whether the admin form accepts it. With
``BENCH_MARKDOWN_UNBOUNDED=1`` it times markdown-it-py and nh3 without the
bounds, to show what they protect against. Exits 1 if any render takes 1 CPU
second or more. Nothing listens on a port, no database is touched.
"""

import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")

TIMEOUT = float(os.environ.get("BENCH_MARKDOWN_TIMEOUT", "60"))
REPEAT = int(os.environ.get("BENCH_MARKDOWN_REPEAT", "3"))
UNBOUNDED = os.environ.get("BENCH_MARKDOWN_UNBOUNDED") == "1"
LIMIT_SECONDS = 1.0

PARAGRAPH = (
    "Hong Kong's universities opened [AI labs](https://example.hk/labs) this "
    "year, with *three* new **programmes** and `code` samples.\n\n"
)


def _fill(unit, n):
    return (unit * (n // len(unit) + 1))[:n]


# Name -> a function of the size giving the body. Each is a construct that
# costs markdown-it-py or the sanitiser far more than ordinary prose.
CASES = {
    "ordinary prose with links": lambda n: _fill(PARAGRAPH, n),
    "one-line paragraphs a\\n\\n": lambda n: _fill("a\n\n", n),
    "list items - a": lambda n: _fill("- a\n", n),
    "setext headings a\\n=": lambda n: _fill("a\n=\n", n),
    "lazy blockquote lines": lambda n: _fill("> a\nb\n", n),
    "nested blockquotes >>>": lambda n: ">" * n,
    "nested lists": lambda n: _fill("".join("  " * i + "- x\n" for i in range(60)), n),
    "emphasis *a": lambda n: _fill("*a ", n),
    "emphasis *_*_": lambda n: _fill("*_", n),
    "intraword a_b_": lambda n: _fill("a_b_", n),
    "emphasis nest **…a…**": lambda n: "*" * (n // 2) + "a" + "*" * (n // 2 - 1),
    "open brackets [[[": lambda n: "[" * n,
    "image openers ![![": lambda n: _fill("![", n),
    "unclosed links [a](": lambda n: _fill("[a](", n),
    'link titles [a](b "': lambda n: _fill('[a](b "', n),
    "backtick runs": lambda n: _fill("".join("`" * i + " " for i in range(1, 200)), n),
    "unbalanced code spans": lambda n: _fill("`a``", n),
    "reference definitions": lambda n: "".join(
        f"[r{i}]: /u{i}\n" for i in range(n // 12)
    )[:n],
    "reference titles [a]: b\\n'": lambda n: _fill("[a]: b\n'", n),
    "entities &#": lambda n: _fill("&#", n),
    "hard breaks a  \\n": lambda n: _fill("a  \n", n),
    "table, wide rows": lambda n: "|a|b|\n|-|-|\n" + _fill("|" * 500 + "\n", n - 12),
    "table, many rows": lambda n: "|a|b|\n|-|-|\n" + _fill("|x|y|\n", n - 12),
    "raw HTML <div> nesting": lambda n: _fill("<div>\n", n),
    "raw HTML <blockquote> inline": lambda n: _fill("<blockquote>", n),
    "raw HTML <a  inline": lambda n: _fill("<a ", n),
    "escapes \\\\\\": lambda n: "\\" * n,
}


def _unbounded_render(source):
    import nh3
    from markdown_it import MarkdownIt

    from articles.text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

    md = MarkdownIt("commonmark", {"linkify": False}).enable(["table", "strikethrough"])
    return nh3.clean(
        md.render(source), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES
    )


def _measure(name, size, queue):
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from articles.markdown_limits import MarkdownTooComplex
    from articles.text import _markdown, render_markdown, validate_body

    source = CASES[name](size)
    render = _unbounded_render if UNBOUNDED else render_markdown
    best, best_wall = float("inf"), float("inf")
    for _ in range(REPEAT):
        started, started_wall = time.process_time(), time.perf_counter()
        render(source)
        best = min(best, time.process_time() - started)
        best_wall = min(best_wall, time.perf_counter() - started_wall)
    env = {}
    try:
        _markdown.parse(source, env)
        work = f"{env.get('markdown_work', 0):,}"
    except MarkdownTooComplex:
        work = "over"
    try:
        validate_body(source)  # parses again: the form's verdict as it is
        accepted = "yes"
    except ValidationError as error:
        accepted = error.code
    queue.put((len(source), best, best_wall, work, accepted))


def main():
    import django

    django.setup()
    from django.conf import settings

    size = int(os.environ.get("BENCH_MARKDOWN_CHARS", settings.MAX_BODY_CHARS))
    print(
        f"Render times at {size:,} characters"
        f"{' (markdown-it-py + nh3 without bounds)' if UNBOUNDED else ''}, "
        f"best of {REPEAT}, each case stopped after {TIMEOUT:g} s\n"
    )
    print("| Input | Characters | CPU (s) | Wall (s) | Work | Form |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    slow = 0
    context = multiprocessing.get_context("spawn")
    for name in CASES:
        queue = context.Queue()
        process = context.Process(target=_measure, args=(name, size, queue))
        process.start()
        process.join(TIMEOUT)
        if process.is_alive():
            process.kill()
            process.join()
            print(f"| {name} | {size:,} | | > {TIMEOUT:g} | | |", flush=True)
            slow += 1
            continue
        length, seconds, wall, work, accepted = queue.get(timeout=5)
        slow += seconds >= LIMIT_SECONDS
        print(
            f"| {name} | {length:,} | {seconds:.3f} | {wall:.3f} | {work} "
            f"| {accepted} |",
            flush=True,
        )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
