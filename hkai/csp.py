"""The Content-Security-Policy of every response (django-csp).

The policy itself is ``CONTENT_SECURITY_POLICY`` in hkai/settings.py, with the
reason for each directive; docs/deployment.md explains it to whoever runs the
site. This middleware adds, when it answers, the one part settings cannot
know: the address the media storage serves pictures from (an object store
tells its own) and the hosts editors may show body images from
(``HKAI_BODY_IMAGE_HOSTS``), both from ``hkai.imagehosts``, the same answer the
body sanitiser uses.
"""

from csp.middleware import CSPMiddleware

from .imagehosts import allowed_origins


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
