"""The site's own pages, and the web manifest that names the site."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hkai.addresses import address
from hkai.templatetags import html_language

from .models import Page

THEME_COLOUR = "#0b5cad"  # --accent in static/css/site.css
BACKGROUND_COLOUR = "#ffffff"
PNG_ICONS = {"icons/icon-192.png": 192, "icons/icon-512.png": 512}


def page_detail(request, slug):
    """One page (About, Editorial policy…) in the reader's language."""
    page = get_object_or_404(Page, slug=slug)
    return render(request, "pages/page_detail.html", {"page": page})


@require_safe
def web_manifest(request):
    """``site.webmanifest`` in the reader's language: the site's name, colours
    and icons (hashed static addresses) for "add to home screen"."""
    icons = [
        {"src": static(name), "sizes": f"{size}x{size}", "type": "image/png"}
        for name, size in PNG_ICONS.items()
    ]
    icons.append(
        {"src": static("icons/favicon.svg"), "sizes": "any", "type": "image/svg+xml"}
    )
    manifest = {
        "name": str(settings.SITE_NAME),
        "short_name": _("AI Observatory"),
        "description": _(
            "Reporting and analysis on artificial intelligence in Hong Kong: "
            "education, smart cities, healthcare, finance and start-ups."
        ),
        "lang": html_language(get_language()),
        "start_url": address("home"),
        "scope": "/",
        "display": "minimal-ui",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    return JsonResponse(
        manifest,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
