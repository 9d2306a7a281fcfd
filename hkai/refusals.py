"""Requests refused with a 400 and a message the person can act on.

``Refused`` is Django's ``BadRequest`` carrying a translated message that the
400 page (``hkai.views.bad_request``) shows; any other bad request gets the
page's general wording, never the exception's text (it may name internals).
``RefuseNulMiddleware`` answers a NUL character in an admin address with one:
PostgreSQL cannot compare a text column with a string holding NUL ("A string
literal cannot contain NUL (0x00) characters"), so a ``%00`` in a filter, a
search or an autocomplete of the admin's lists was a 500 there. No admin
address needs one. The readers' pages handle NUL themselves, as their own
rules say (a search ignores it, a filter naming nothing is a 404), and keep
doing so.
"""

from django.core.exceptions import BadRequest
from django.utils.translation import gettext_lazy as _

from .stack import admin_prefix


class Refused(BadRequest):
    """A 400 whose message (translated, lazily) is shown to the person."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class RefuseNulMiddleware:
    """400 for a NUL character in an admin address's path or query string."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(admin_prefix(request)):
            return self.get_response(request)
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise Refused(
                _("The address contains a null character (%00), which no page takes.")
            )
        return self.get_response(request)
