"""Security headers Django does not send by itself: ``Permissions-Policy`` and
``Cross-Origin-Resource-Policy`` (the others come from Django's
``SecurityMiddleware`` and ``XFrameOptionsMiddleware``, the CSP from
hkai/csp.py). Values are settings (hkai/settings.py); docs/deployment.md says
why each is what it is.
"""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


class SecurityHeadersMiddleware:
    """Adds ``Permissions-Policy`` to every response, and
    ``Cross-Origin-Resource-Policy``: ``same-origin`` for pages and feeds,
    ``cross-origin`` for pictures and static files, which feed readers and
    other sites' link previews show on their own pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", permissions_policy())
        shared = request.path_info.startswith(shared_prefixes())
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", "cross-origin" if shared else "same-origin"
        )
        return response


@cache
def permissions_policy():
    """``camera=(), geolocation=(), …``: every feature listed is denied to the
    site and to anything it could embed."""
    return ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DENY)


@cache
def shared_prefixes():
    """Paths of files other sites may embed: media renditions, static files
    and the icons at the root (root_files/)."""
    return (
        _path(settings.STATIC_URL),
        _path(settings.MEDIA_URL),
        "/favicon.ico",
        "/apple-touch-icon.png",
    )


@receiver(setting_changed)
def _settings_changed(**kwargs):
    # Both are built once per process (7 µs a request, bench/middleware.py);
    # only tests change settings after that.
    permissions_policy.cache_clear()
    shared_prefixes.cache_clear()


def _path(url):
    return url if url.startswith("/") else f"/{url}"
