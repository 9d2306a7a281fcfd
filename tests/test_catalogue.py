"""The Traditional Chinese catalogue: every string the templates and the code
mark for translation has a translation, and the compiled catalogue is used.

Strings are found without GNU gettext, as ``makemessages`` finds them: a
template goes through Django's own ``templatize()`` (what makemessages hands
to xgettext), and the result, like the project's Python, is read for calls
to the gettext functions with literal arguments.
"""

import ast
import gettext
import io
import tokenize
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation.template import templatize

from hkai.i18n.catalogues import problems

from .factories import ArticleFactory
from .html import parse, select_one, text

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "zh_Hant" / "LC_MESSAGES" / "django.po"

# What each gettext function's leading arguments are, as makemessages's
# xgettext keywords read them: c a context, s the message, p its plural.
ROLES = {
    "_": "s",
    "gettext": "s",
    "gettext_lazy": "s",
    "gettext_noop": "s",
    "ngettext": "sp",
    "ngettext_lazy": "sp",
    "pgettext": "cs",
    "pgettext_lazy": "cs",
    "npgettext": "csp",
    "npgettext_lazy": "csp",
}


@dataclass(frozen=True)
class Message:
    context: str | None
    msgid: str
    plural: str | None
    where: str


# Finding the strings. ---------------------------------------------------------


def project_dirs():
    """The folders of the project's own apps, and ``hkai/`` (settings, views)."""
    dirs = {ROOT / "hkai"}
    dirs |= {Path(app.path) for app in apps.get_app_configs()}
    # Not installed packages, even in a virtualenv inside the checkout (.venv/).
    return sorted(
        d for d in dirs if d.is_relative_to(ROOT) and "site-packages" not in d.parts
    )


def python_files():
    """The project's Python, without migrations (or tests, or anything installed)."""
    files = {p for d in project_dirs() for p in d.rglob("*.py")}
    return sorted(p for p in files if "migrations" not in p.parts)


def template_files():
    """Every template of the project: TEMPLATES' DIRS and the apps' templates/."""
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += [d / "templates" for d in project_dirs()]
    files = {p for d in dirs for p in d.rglob("*") if p.suffix in (".html", ".txt")}
    return sorted(files)


def messages_in_call(call, where):
    """The message of one ``ast.Call`` to a gettext function, or None when its
    arguments are not literal strings (makemessages would skip it too)."""
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    roles = ROLES.get(name)
    if roles is None or len(call.args) < len(roles):
        return None
    values = {}
    for role, arg in zip(roles, call.args, strict=False):
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            return None
        values[role] = arg.value
    return Message(values.get("c"), values["s"], values.get("p"), where)


def python_messages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    where = str(path.relative_to(ROOT))
    found = (
        messages_in_call(node, f"{where}:{node.lineno}")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
    )
    return [m for m in found if m is not None]


def template_messages(path):
    """What ``templatize()`` makes of the template, read as Python is read:
    each call to a gettext function is cut out by its tokens and parsed."""
    code = templatize(path.read_text(), origin=str(path))
    # Indentation means nothing here, and would trouble the tokenizer.
    lines = [line.lstrip(" \t") for line in code.splitlines(keepends=True)]
    code = "".join(lines)
    tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    where = str(path.relative_to(ROOT))
    found = []
    for i, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in ROLES:
            continue
        if tokens[i + 1].string != "(":
            continue
        depth = 0
        for end in tokens[i + 1 :]:
            depth += {"(": 1, ")": -1}.get(end.string, 0)
            if depth == 0:
                break
        source = _between(lines, token.start, end.end)
        call = ast.parse(source, mode="eval").body
        message = messages_in_call(call, f"{where}:{token.start[0]}")
        if message is not None:
            found.append(message)
    return found


def _between(lines, start, end):
    """The text from ``start`` to ``end`` ((row, col), rows from 1)."""
    (row1, col1), (row2, col2) = start, end
    if row1 == row2:
        return lines[row1 - 1][col1:col2]
    middle = lines[row1 : row2 - 1]
    return lines[row1 - 1][col1:] + "".join(middle) + lines[row2 - 1][:col2]


def all_messages():
    return {
        "templates": [m for p in template_files() for m in template_messages(p)],
        "python": [m for p in python_files() for m in python_messages(p)],
    }


@pytest.fixture(scope="module")
def messages():
    return all_messages()


@pytest.fixture(scope="module")
def catalogue():
    po = polib.pofile(str(CATALOGUE))
    return {(e.msgctxt, e.msgid): e for e in po if not e.obsolete}


# The catalogue covers them. ---------------------------------------------------


def test_the_search_finds_strings_of_every_kind(messages):
    """Guards the tests below from passing on nothing found."""
    templates = {(m.context, m.msgid) for m in messages["templates"]}
    python = {(m.context, m.msgid) for m in messages["python"]}
    assert (None, "All articles") in templates  # {% translate %}
    assert (None, "No articles here yet.") in templates  # _("…") in a tag
    assert (None, "Page %(number)s of %(total)s") in templates  # blocktranslate
    assert (None, "%(counter)s article") in templates  # with a plural
    assert ("compare versions", "From") in templates  # with a context
    assert (None, "Publish selected articles") in python  # gettext_lazy as _
    assert (None, "%d article published.") in python  # ngettext
    assert ("network", "address") in python  # pgettext_lazy
    assert (None, "Accounts") in python  # an app's verbose_name
    assert len(templates) > 100 and len(python) > 100


@pytest.mark.parametrize("kind", ["templates", "python"])
def test_every_string_has_a_traditional_chinese_translation(kind, messages, catalogue):
    """Nothing marked for translation is left out, fuzzy or empty."""
    faults = []
    for message in messages[kind]:
        entry = catalogue.get((message.context, message.msgid))
        if entry is None:
            fault = "not in the catalogue"
        elif "fuzzy" in entry.flags:
            fault = "fuzzy"
        elif message.plural and entry.msgid_plural != message.plural:
            fault = "plural differs in the catalogue"
        elif not entry.translated():
            fault = "not translated"
        else:
            continue
        faults.append(f"{message.where}: {message.msgid!r}: {fault}")
    assert not faults, (
        "Run makemessages and translate (docs/translation.md):\n" + "\n".join(faults)
    )


def test_the_catalogue_is_compiled_without_complaint():
    """What the session's fixture did, checked once more, so a refusal shows
    up as a failing test too."""
    assert not problems(polib.pofile(str(CATALOGUE)))


# The compiled catalogue is used. ----------------------------------------------


def test_the_compiled_catalogue_translates():
    with translation.override("zh-hant"):
        assert translation.gettext("All articles") == "所有文章"
        assert translation.gettext("HK AI Observatory") == "香港人工智能觀察站"
        published = translation.ngettext(
            "%d article published.", "%d articles published.", 3
        )
        assert published % 3 == "已發佈 3 篇文章。"
        assert translation.pgettext("network", "address") == "IP 地址"
    with translation.override("en"):
        assert translation.gettext("All articles") == "All articles"


def test_a_page_rendered_in_chinese_has_chinese_navigation(rf, db):
    """The base layout under zh-hant: language, title, navigation, footer."""
    with translation.override("zh-hant"):
        page = parse(render_to_string("articles/tag_list.html", request=rf.get("/")))
    assert page.html["lang"] == "zh-Hant-HK"
    assert text(page.title).endswith("香港人工智能觀察站")
    menu = [
        text(a) for a in select_one(page, ".site-nav").select(":scope > ul > li > a")
    ]
    assert menu == ["行業", "挑戰", "探索", "所有文章", "標籤"]
    assert text(select_one(page, "h1")) == "標籤"
    assert text(select_one(page, ".skip-link")) == "跳至主要內容"
    assert "香港人工智能觀察站：報道香港的人工智能發展。" in text(page.footer)


def test_dates_are_written_the_chinese_way(db):
    """Date formats are translated too: "5 March 2025" is "2025年3月5日"."""
    published = timezone.make_aware(datetime(2025, 3, 5, 9, 30))
    article = ArticleFactory(published_at=published, sectors=[])
    dates = {}
    for language in ("en", "zh-hant"):
        with translation.override(language):
            card = render_to_string("includes/article_card.html", {"article": article})
        dates[language] = text(select_one(card, "time"))
    assert dates == {"en": "5 March 2025", "zh-hant": "2025年3月5日"}


def test_the_error_pages_follow_the_language():
    with translation.override("zh-hant"):
        page = parse(render_to_string("503.html"))
    assert page.html["lang"] == "zh-Hant-HK"
    assert text(select_one(page, "h1")) == "稍後即回"


# The command that compiles catalogues. ------------------------------------------

PO_HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""


def write_catalogue(root, body, header=PO_HEADER):
    path = root / "xx" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text(header + "\n" + body, encoding="utf-8")
    return path


def test_the_command_compiles_what_gettext_reads(tmp_path, settings):
    settings.LOCALE_PATHS = [tmp_path]
    path = write_catalogue(
        tmp_path,
        """
msgid "Tags"
msgstr "標籤"

#, python-format
msgid "%(counter)s article"
msgid_plural "%(counter)s articles"
msgstr[0] "%(counter)s 篇文章"

msgctxt "network"
msgid "address"
msgstr "IP 地址"
""",
    )
    call_command("compile_catalogues", verbosity=0)
    with open(path.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert compiled.gettext("Tags") == "標籤"
    assert compiled.ngettext("%(counter)s article", "%(counter)s articles", 5) == (
        "%(counter)s 篇文章"
    )
    assert compiled.pgettext("network", "address") == "IP 地址"


@pytest.mark.parametrize(
    "entry, complaint",
    [
        ('#, fuzzy\nmsgid "Tags"\nmsgstr "標籤"\n', "fuzzy"),
        ('msgid "Tags"\nmsgstr ""\n', "not translated"),
        (
            'msgid "%d article"\nmsgid_plural "%d articles"\nmsgstr[0] ""\n',
            "not translated",
        ),
        (
            '#, python-format\nmsgid "By %(author)s"\nmsgstr "作者：%(name)s"\n',
            "unknown placeholder(s) name",
        ),
        (
            '#, python-format\nmsgid "Page %(number)s"\nmsgstr "頁"\n',
            "placeholder(s) number missing",
        ),
        (
            '#, python-format\nmsgid "%d article published."\n'
            'msgid_plural "%d articles published."\nmsgstr[0] "已發佈文章。"\n',
            "1 positional placeholder(s)",
        ),
        (
            '#, python-brace-format\nmsgid "Merge “{tag}”"\nmsgstr "合併「{tga}」"\n',
            "unknown placeholder(s) tga",
        ),
    ],
)
def test_the_command_refuses_an_entry_it_cannot_serve(
    tmp_path, settings, entry, complaint
):
    settings.LOCALE_PATHS = [tmp_path]
    path = write_catalogue(tmp_path, entry)
    with pytest.raises(CommandError) as refused:
        call_command("compile_catalogues", verbosity=0)
    assert "xx/LC_MESSAGES/django.po" in str(refused.value)
    assert complaint in str(refused.value)
    assert not path.with_suffix(".mo").exists()


def test_the_command_refuses_a_fuzzy_header(tmp_path, settings):
    settings.LOCALE_PATHS = [tmp_path]
    write_catalogue(tmp_path, 'msgid "Tags"\nmsgstr "標籤"\n', "#, fuzzy\n" + PO_HEADER)
    with pytest.raises(CommandError, match="header"):
        call_command("compile_catalogues", verbosity=0)
