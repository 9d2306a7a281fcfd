"""Template filters every template may use (a builtin: no ``{% load %}``)."""

import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import get_language, get_language_info, override

from . import shell
from .addresses import address

register = template.Library()


@register.simple_tag(name="address")
def address_tag(viewname, **kwargs):
    """``{% url %}`` remembered (hkai/addresses.py), arguments by name:
    ``{% address "feeds:site" fmt="rss" %}``. Django's ``{% url %}`` works
    each address out afresh: a page's header and footer name twenty."""
    return address(viewname, **kwargs)


@register.simple_tag(name="shell", takes_context=True)
def shell_tag(context, template_name):
    """A part of every page that is the same on every page of an edition (the
    navigation, the footer): rendered once, kept by the process while it is
    right (hkai/shell.py). It sees no request and no context."""
    return shell.fragment(template_name, context.render_context.setdefault(shell, {}))


@register.filter
def machine_time(value):
    """A datetime as ``<time datetime>`` wants it: local time with its offset,
    in whole seconds (HTML allows three decimals at most; Python gives six)."""
    if not value:
        return ""
    return localtime(value).replace(microsecond=0).isoformat()


def html_language(code):
    """A language as HTML's ``lang`` spells it: zh-hant → zh-Hant-HK."""
    return settings.HTML_LANGUAGES.get(code, code)


register.filter("html_lang", html_language)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@register.filter
def lang_attr(text):
    """`` lang="…"`` for text in the other language than the page's (a Chinese
    tag on an English page): screen readers and fonts then do the right
    thing. Empty when the text is in the page's language."""
    chinese = bool(_CJK.search(str(text)))
    if chinese == get_language().startswith("zh"):
        return ""
    return format_html(' lang="{}"', html_language("zh-hant" if chinese else "en"))


def editions(context):
    """``{language: this page's address in it}``: what the view named
    (``alternates``: an article's translations, say), or else the same address
    with the other language's prefix (pages every edition has)."""
    alternates = context.get("alternates")
    if alternates is not None:
        return alternates
    request = context["request"]
    if not hasattr(request, "editions"):  # asked by the switch and by hreflang
        request.editions = _same_page(request)
    return request.editions


def _same_page(request):
    """``translate_url()`` for each language, from the view the request was
    resolved to rather than by resolving its path again."""
    path = request.get_full_path()
    match = request.resolver_match
    query = path.partition("?")[2]
    pages = {}
    for code, _name in settings.LANGUAGES:
        try:
            if match is None or match.args:
                raise NoReverseMatch
            # Captured only: a route's extra kwargs (a dict of sitemaps) are
            # no part of its address.
            page = address(match.view_name, code, **match.captured_kwargs)
            pages[code] = f"{page}?{query}" if query else page
        except NoReverseMatch:
            pages[code] = translate_url(path, code)
    return pages


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this page in the other languages; where it has no equivalent
    there, to that edition's page the view names (``language_fallback``)."""
    pages = editions(context)
    fallback = context.get("language_fallback")
    links = []
    for code, _name in settings.LANGUAGES:
        if code == get_language():
            continue
        target = pages.get(code)
        if target is None:
            with override(code):
                target = reverse(fallback or "home")
        links.append(
            {
                "lang": html_language(code),
                "name": get_language_info(code)["name_local"],
                "url": reverse("switch_language", args=[code])
                + "?"
                + urlencode({"next": target}),
            }
        )
    return {"links": links}


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """``<link rel="alternate" hreflang>`` for each language this page exists
    in, and x-default (the English one), as search engines want them."""
    request = context["request"]
    pages = editions(context)
    links = [
        (html_language(code), request.build_absolute_uri(url))
        for code, url in pages.items()
    ]
    if settings.LANGUAGE_CODE in pages:
        links.append(
            ("x-default", request.build_absolute_uri(pages[settings.LANGUAGE_CODE]))
        )
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', links
    )
