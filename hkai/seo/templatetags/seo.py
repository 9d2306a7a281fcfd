"""What search engines and link previews read in a page's ``<head>``:
``{% load seo %}``.

- ``{% capture as name %}…{% endcapture %}``: render once, use twice (the
  title block is the ``<title>`` and ``og:title``).
- ``{% share_meta title description %}``: canonical link, Open Graph and
  Twitter card tags.
- ``{% site_json_ld search_url %}`` and ``{{ data|json_ld }}``: JSON-LD.
"""

from urllib.parse import parse_qsl, urlencode

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from hkai.pagecache.keys import canonical_query
from hkai.templatetags import editions

from .. import structured

register = template.Library()

# Open Graph names a locale language_TERRITORY: both editions are Hong Kong's.
OG_LOCALES = {"en": "en_HK", "zh-hant": "zh_HK"}


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        rendered = self.nodelist.render(context)
        # White space collapsed: a block's indentation is no part of a title.
        # Joining escaped text with spaces leaves it escaped.
        context[self.name] = mark_safe(" ".join(rendered.split()))
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render the contents (blocks
    included) into the variable ``name``, with white space collapsed."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


def canonical_url(request):
    """This page's own address, absolute: its path and only the query
    parameters its view reads (``@uses_query``: never ``utm_source`` or other
    junk), in a fixed order; ``?page=1`` is the first page's plain address."""
    query = canonical_query(request) or ""
    params = [(k, v) for k, v in parse_qsl(query) if (k, v) != ("page", "1")]
    path = f"{request.path}?{urlencode(params)}" if params else request.path
    return request.build_absolute_uri(path)


@register.inclusion_tag("seo/share_meta.html", takes_context=True)
def share_meta(context, title, description, kind="website", image=None):
    """The canonical link, Open Graph and Twitter card tags of a page.

    ``kind`` is Open Graph's type (``website``, ``article``); ``image`` an
    ``Image``-like object (url, width, height, alt), by default the site card.
    """
    request = context["request"]
    language = get_language()
    image = image or structured.site_card()
    others = [code for code in editions(context) if code != language]
    return {
        "canonical": canonical_url(request),
        "title": title,
        "description": description,
        "kind": kind,
        "site_name": settings.SITE_NAME,
        "locale": OG_LOCALES.get(language, language),
        "alternate_locales": [OG_LOCALES.get(code, code) for code in others],
        "image": image,
        "image_url": request.build_absolute_uri(image.url),
        "image_alt": getattr(image, "alt", "") or title,
    }


@register.simple_tag(takes_context=True)
def site_json_ld(context, search_url):
    """``WebSite`` (with a ``SearchAction`` on ``search_url``) and the
    ``Organization`` behind it."""
    request = context["request"]
    return structured.json_ld(
        structured.website(request, get_language(), search_url)
    ) + structured.json_ld(structured.organization(request))


register.filter("json_ld", structured.json_ld)
