"""Which HTTP methods the site answers, on every address.

``OPTIONS`` is answered here with an ``Allow`` header and no body (Django's
function views would otherwise render the whole page for it), ``TRACE`` and
any method the site does not use with 405 and ``Allow``. The admin takes
forms (POST); everything else is read-only. Outermost of Django's middleware:
before WhiteNoise, so static files are answered alike; page-cache hits never
reach Django, but the cache's WSGI layer serves only GET, so every other method
on a cached page arrives here too.
"""

from django.http import HttpResponse, HttpResponseNotAllowed

from .stack import admin_prefix

READ = ["GET", "HEAD", "OPTIONS"]
# POST is let through everywhere: outside the admin no view takes it, and the
# CSRF check refuses it (403) before any view sees it.
KNOWN = {*READ, "POST"}


def allowed_methods(path):
    """The methods ``path`` answers: forms in the admin, reading elsewhere."""
    if path.startswith(admin_prefix()):
        return [*READ, "POST"]
    return READ


class MethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        method = request.method
        if method in KNOWN and method != "OPTIONS":
            return self.get_response(request)
        allowed = allowed_methods(request.path_info)
        if method == "OPTIONS":
            response = HttpResponse(headers={"Allow": ", ".join(allowed)})
            response["Content-Length"] = "0"
            return response
        return HttpResponseNotAllowed(allowed)
