"""The page shell: the header's navigation and the footer, the same on every
page of an edition, rendered once and kept by the process.

They cost every page about 2 ms of rendering and two queries (the sectors
and challenges the navigation lists) to produce the same few kilobytes; kept,
a page pays one small query instead, to learn whether they are still right
(the request's stamp, hkai/versions.py, which the index of public articles
and the kept cards share)
(none inside a transaction, where they are rendered afresh: a test's page
makes the queries it made before).

Never stale, by the rule ``articles.edition`` keeps for its index. What is
kept is thrown away as soon as ``ContentVersion``'s stamp moves (every public
change advances it once its transaction commits, sectors and challenges
included, in whichever process made it), and a fragment rendered inside a
transaction, whose changes may yet be rolled back, serves that page alone.
A fragment is given no request and no context processor: nothing that
differs from one reader or one address to the next can get into it.
"""

import threading

from django.core.signals import setting_changed
from django.db import connection
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from . import versions

_kept = {"version": None, "fragments": {}}
_lock = threading.Lock()


def fragment(template_name, page):
    """``template_name`` rendered for the active language: the process's copy
    while the public version is the one it was rendered at. ``page``: a dict
    that lasts as long as one page's rendering (its fragments ask for the
    version once)."""
    if connection.in_atomic_block:  # what it reads may yet be rolled back
        return _render(template_name)
    if "version" not in page:
        page["version"] = versions.stamp()
    version = page["version"]
    key = (template_name, get_language(), get_script_prefix(), get_urlconf())
    with _lock:
        if _kept["version"] == version and key in _kept["fragments"]:
            return _kept["fragments"][key]
    html = _render(template_name)
    with _lock:
        if _kept["version"] != version:
            _kept["version"], _kept["fragments"] = version, {}
        _kept["fragments"][key] = html
    return html


def _render(template_name):
    return mark_safe(render_to_string(template_name, _context()))


def _context():
    """What the shell's templates list, read only if one is rendered."""
    from sectors.models import Challenge, Sector

    return {
        "nav_sectors": Sector.objects.only("name", "slug"),
        "nav_challenges": Challenge.objects.only("name", "slug"),
    }


def forget(**kwargs):
    """Drop every kept fragment (a test changed the settings they read)."""
    with _lock:
        _kept["version"], _kept["fragments"] = None, {}


setting_changed.connect(forget)
