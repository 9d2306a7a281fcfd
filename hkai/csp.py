"""The Content-Security-Policy of every response (django-csp).

The policy itself is ``CONTENT_SECURITY_POLICY`` in hkai/settings.py, with the
reason for each directive; docs/deployment.md explains it to whoever runs the
site. This middleware adds, when it answers, the one part settings cannot
know: the address the media storage serves pictures from (an object store
tells its own) and the hosts editors may show body images from
(``HKAI_BODY_IMAGE_HOSTS``), both from ``hkai.imagehosts``, the same answer the
body sanitiser uses.

Nothing in it varies between responses unless a view changes the policy
(django-csp's decorators) or uses a nonce, and no view of the site does: the
header is built once per process and copied onto every response (building it
cost about 60 µs a request, bench/middleware.py). A response that does change
the policy gets django-csp's own per-response build.
"""

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse

from .imagehosts import allowed_origins

# What django-csp's decorators leave on a response to change its policy.
PER_RESPONSE = tuple(
    f"_csp_{kind}{suffix}"
    for kind in ("config", "update", "replace", "exempt")
    for suffix in ("", "_ro")
)
# The headers of a response that changes nothing, once built.
_plain_headers = {}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the allowed image origins in ``img-src``."""

    def get_policy_parts(self, request, response, report_only=False):
        # django-csp's documented way to extend the policy per response.
        parts = super().get_policy_parts(request, response, report_only)
        parts.update = {**(parts.update or {})}
        parts.update["img-src"] = [
            *parts.update.get("img-src", []),
            *allowed_origins(),
        ]
        return parts

    def process_response(self, request, response):
        if not self._same_for_all(request, response):
            return super().process_response(request, response)
        if not _plain_headers:
            blank = super().process_response(request, HttpResponse())
            _plain_headers.update(
                (name, blank[name])
                for name in (HEADER, HEADER_REPORT_ONLY)
                if name in blank
            )
        for name, value in _plain_headers.items():
            response.headers.setdefault(name, value)
        if getattr(request, "_csp_nonce", None) is None:
            # As django-csp does: a nonce asked for after this is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _same_for_all(request, response):
        """Whether this response gets the policy every plain response gets."""
        return not (
            settings.DEBUG  # django-csp leaves debug pages alone
            or isinstance(getattr(request, "_csp_nonce", None), str)
            or any(hasattr(response, name) for name in PER_RESPONSE)
            or _excludes_prefixes()
        )


def _excludes_prefixes():
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )


@receiver(setting_changed)
def _settings_changed(**kwargs):
    _plain_headers.clear()  # only tests change settings in a running process
