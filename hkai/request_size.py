"""Requests too large to accept get a page that says so, not a reset connection.

A request announcing more than ``settings.MAX_REQUEST_BYTES`` (the largest
image upload and its form, with room to spare) is answered at once, before
Django or a view reads anything, with a 413 page in the site's design and in
the language of its address, and ``Connection: close``.

That alone is not enough for the client to see it: gunicorn closes the
connection after the answer, and closing a socket with unread data makes the
kernel send a reset, which may destroy the answer in the client's buffers
before it is read (browsers then show "connection reset"; http.client, which
sends the whole body before reading, fails while sending). The same happens to
any answer given without reading the body: Django's 400 for a form over
``DATA_UPLOAD_MAX_MEMORY_SIZE``, a 403 for a missing CSRF cookie. So, after
every answer has been sent, what the client is still sending is read and
thrown away (what web servers call a lingering close), bounded by
``settings.REQUEST_DRAIN_BYTES`` and ``settings.REQUEST_DRAIN_SECONDS``: past
either, the connection is closed anyway. Nothing read is kept.
"""

import time
from functools import partial

from django.conf import settings
from django.template import loader
from django.utils import translation

from hkai.wsgibody import ThenClose

CHUNK = 64 * 1024


def bounded_requests(application):
    """``application`` behind the size limit, with the body drained after."""

    def bounded(environ, start_response):
        if _declared_length(environ) > settings.MAX_REQUEST_BYTES:
            body = _too_large_page(environ.get("PATH_INFO", "/"))
            start_response(
                "413 Content Too Large",
                [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Cache-Control", "no-store"),
                    ("Connection", "close"),
                ],
            )
            return _drain_after([body], environ)
        response = application(environ, start_response)
        if not _has_body(environ):
            return response  # as it is: a file wrapper keeps gunicorn's sendfile
        return _drain_after(response, environ)

    return bounded


def _declared_length(environ):
    try:
        return int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _has_body(environ):
    chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
    return chunked or _declared_length(environ) > 0


def _too_large_page(path):
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        page = loader.render_to_string(
            "413.html", {"max_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)}
        )
    return page.encode()


def _drain_after(body, environ):
    """The response's body, as given; when the server has sent it (``close``),
    the rest of the request's body is read and dropped, within the bounds."""
    return ThenClose(body, partial(_drain, environ.get("wsgi.input")))


def _drain(stream):
    if stream is None:
        return
    deadline = time.monotonic() + settings.REQUEST_DRAIN_SECONDS
    left = settings.REQUEST_DRAIN_BYTES
    try:
        while left > 0 and time.monotonic() < deadline:
            chunk = stream.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
    except OSError:
        return  # the client went away: nothing left to protect
