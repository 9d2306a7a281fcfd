"""``/robots.txt``."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import override

# A stand-in for a route's last argument: the rule covers every value of it.
ANY = "~"


def robots_txt(request, disallow, sitemap):
    """What crawlers may fetch, and where the sitemap is. ``disallow``: route
    names (``name`` or ``(name, argument)`` for a route with one argument,
    all of whose addresses are meant), in every language's edition;
    ``sitemap``: the sitemap index's route name. Plain text; a public page,
    so the page cache keeps it like any other."""
    rules = []
    for route in disallow:
        name, argument = route if isinstance(route, tuple) else (route, None)
        kwargs = {argument: ANY} if argument else {}
        for code, _name in settings.LANGUAGES:
            with override(code):
                rule = reverse(name, kwargs=kwargs).removesuffix(f"{ANY}/")
            if rule not in rules:
                rules.append(rule)
    lines = [
        "User-agent: *",
        *(f"Disallow: {rule}" for rule in rules),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse(sitemap))}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
