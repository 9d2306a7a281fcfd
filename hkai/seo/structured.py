"""JSON-LD (schema.org) that describes the site itself, and how any JSON-LD
is written into a page.

Built as dictionaries and written with ``json.dumps``, never as strings, and
escaped as Django's ``json_script`` escapes: ``<``, ``>`` and ``&`` become
``\\u003C``…, so no text (a title with ``</script>`` in it) can end the
``<script>`` element early.
"""

import json
from typing import NamedTuple

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from hkai.addresses import address
from hkai.templatetags import html_language

# Those json_script escapes (django.utils.html), by their public meaning.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class Image(NamedTuple):
    """An image a page offers to link previews and search engines."""

    url: str  # as ``static()`` or a storage gives it: made absolute when used
    width: int
    height: int
    alt: str


def site_card():
    """The site's 1200 × 630 card (``manage.py make_share_card``): the share
    image of every page that has none of its own."""
    return Image(static("img/share-card.png"), 1200, 630, settings.SITE_NAME)


def site_logo():
    """The site's square logo, for ``Organization.logo``."""
    return Image(static("img/logo.png"), 512, 512, settings.SITE_NAME)


def json_ld(data):
    """``<script type="application/ld+json">`` holding ``data``, safely."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=None)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_SCRIPT_ESCAPES)),
    )


def image_object(request, image):
    """An ``ImageObject`` with an absolute address."""
    return {
        "@type": "ImageObject",
        "url": request.build_absolute_uri(image.url),
        "width": image.width,
        "height": image.height,
    }


def organization_id(request):
    """The publisher's ``@id``: one node, named the same from every page."""
    return request.build_absolute_uri(address("home", settings.LANGUAGE_CODE)) + (
        "#organization"
    )


def organization(request):
    """The site as the publisher: name (in the page's language), address, logo."""
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": organization_id(request),
        "name": str(settings.SITE_NAME),
        "url": request.build_absolute_uri(address("home")),
        "logo": image_object(request, site_logo()),
    }


def website(request, language, search_url):
    """The site in ``language``, with a ``SearchAction`` on ``search_url``
    (the search page's address in that language) for search engines' boxes."""
    home = request.build_absolute_uri(address("home", language))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "@id": home + "#website",
        "url": home,
        "name": str(settings.SITE_NAME),
        "inLanguage": html_language(language),
        "publisher": {"@id": organization_id(request)},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": request.build_absolute_uri(search_url)
                + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
