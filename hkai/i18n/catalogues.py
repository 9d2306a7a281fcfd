"""The ``.po`` catalogues under LOCALE_PATHS: found, checked, compiled.

A catalogue is used only whole: a fuzzy entry (a guess left by msgmerge), an
untranslated one, or a translation whose placeholders the code cannot fill
would show English, a wrong text or an error to a reader, so it is refused
(``problems``) rather than compiled. What ``msgfmt --check`` checks, in pure
Python.
"""

import os
import re
import tempfile
from pathlib import Path
from string import Formatter

from django.conf import settings

# printf-style placeholders as Python's ``%`` reads them: %(name)s, %d, %%.
PRINTF = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"
)
NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def find():
    """Every ``<locale>/LC_MESSAGES/<domain>.po`` under LOCALE_PATHS, sorted."""
    return sorted(
        path
        for root in settings.LOCALE_PATHS
        for path in Path(root).glob("*/LC_MESSAGES/*.po")
    )


def problems(po):
    """Why ``po`` (a ``polib.POFile``) cannot be used: one line per fault,
    none when it can."""
    found = []
    if po.metadata_is_fuzzy:
        found.append('the header (msgid "") is marked fuzzy')
    match = NPLURALS.search(po.metadata.get("Plural-Forms", ""))
    nplurals = int(match.group(1)) if match else None
    for entry in po:
        if entry.obsolete:
            continue
        where = f"line {entry.linenum}, msgid {_short(entry.msgid)}"
        if "fuzzy" in entry.flags:
            found.append(f"{where}: fuzzy (check it, then remove the flag)")
        elif not entry.translated():
            found.append(f"{where}: not translated")
        elif entry.msgid_plural and nplurals and len(entry.msgstr_plural) != nplurals:
            found.append(f"{where}: {nplurals} plural forms expected")
        elif fault := placeholder_fault(entry):
            found.append(f"{where}: {fault}")
    return found


def placeholder_fault(entry):
    """What is wrong with the placeholders of ``entry``'s translations, if
    anything: each must fill from the values the code passes (no unknown name,
    the same number of positional ones), and the translation used for most
    numbers (the last form) must show every named one."""
    if "python-format" in entry.flags:
        read = _printf
    elif "python-brace-format" in entry.flags:
        read = _braces
    else:
        return None
    try:
        if not entry.msgid_plural:
            source, translations = read(entry.msgid), [entry.msgstr]
            wanted = source[0]
        else:
            singular, source = read(entry.msgid), read(entry.msgid_plural)
            source = (singular[0] | source[0], source[1])
            translations = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
            wanted = read(entry.msgid_plural)[0]
        forms = [read(text) for text in translations]
    except ValueError as error:
        return f"malformed placeholder ({error})"
    names, positional = source
    for form_names, form_positional in forms:
        if form_names - names:
            return f"unknown placeholder(s) {_list(form_names - names)}"
        if form_positional != positional:
            return f"{positional} positional placeholder(s) (%s, %d) expected"
    if missing := wanted - forms[-1][0]:
        return f"placeholder(s) {_list(missing)} missing"
    return None


def compile_to(po, path):
    """Write ``po`` compiled to ``path``, atomically (a server reading it never
    sees half a file), unless it holds that already; whether it wrote."""
    data = po.to_binary()
    if path.exists() and path.read_bytes() == data:
        return False
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".mo")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
    return True


def _printf(text):
    names, positional = set(), 0
    for match in PRINTF.finditer(text):
        if match.group() == "%%":
            continue
        if match.group("name") is not None:
            names.add(match.group("name"))
        else:
            positional += 1
    return names, positional


def _braces(text):
    names = {field for _, field, _, _ in Formatter().parse(text) if field is not None}
    return names, 0


def _short(text, length=60):
    return repr(text if len(text) <= length else text[: length - 1] + "…")


def _list(names):
    return ", ".join(sorted(names))
