"""Template filters every template may use (a builtin: no ``{% load %}``)."""

import re
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import get_language, get_language_info

register = template.Library()


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


@register.inclusion_tag("includes/language_switch.html", takes_context=True)
def language_switch(context):
    """Links to this page in the other languages: the address a view names
    for it (``language_urls``: an article's translation, say), or the same
    address with the other language's prefix."""
    request = context["request"]
    named = context.get("language_urls", {})
    links = []
    for code, _name in settings.LANGUAGES:
        if code == get_language():
            continue
        target = named.get(code) or translate_url(request.get_full_path(), code)
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
