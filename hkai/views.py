"""Project-wide views: the health check and the bad-request and server-error
pages."""

import logging
import secrets
import sys

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hkai.refusals import Refused

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the cache answer, 503 when either does not.

    The body says which, and nothing more (no host names, no error text).
    """
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        logger.warning("health check: database unreachable", exc_info=True)
        return False


def _cache_ok():
    """Every cache the site uses: the default, and where the page cache keeps
    its pages and its generation (files shared by the workers, by default)."""
    token = secrets.token_hex(8)
    aliases = {"default", settings.PAGE_CACHE_ALIAS, settings.PAGE_CACHE_STATE_ALIAS}
    try:
        for alias in sorted(aliases):
            caches[alias].set("healthz", token, 10)
            if caches[alias].get("healthz") != token:
                return False
        return True
    except Exception:
        logger.warning("health check: cache unreachable", exc_info=True)
        return False


def server_error(request):
    """The 500 page, or a friendly 503 while the database is unreachable.

    Every uncaught exception, in a view, a template or a middleware, ends here,
    so this is the one place that tells "down for a moment" from "broken".
    Only a lost connection is an outage; any other database error (an integrity
    error, a value too long) is a bug, and says so. Neither page touches the
    database; Django has logged the traceback already.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponseServerError(loader.render_to_string("503.html"))
        response.status_code = 503
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def bad_request(request, exception):
    """The 400 page: what was wrong, when the code that refused said so
    (``hkai.refusals.Refused``); otherwise general words, never the
    exception's own text. Like the 500 page, it touches no database."""
    message = exception.message if isinstance(exception, Refused) else None
    admin_index = reverse("admin:index")
    context = {"message": message, "in_admin": request.path.startswith(admin_index)}
    return HttpResponseBadRequest(loader.render_to_string("400.html", context))
