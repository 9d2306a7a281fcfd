"""The middleware stack, lean for readers: what a reader's request skips.

Measured by bench/middleware.py: on a public page the project's middleware
cost about 160 µs a request before this, a twentieth of an uncached render.
Three of them serve only the admin and signed-in editors: sessions, the
user and messages. A *reader's* request (no
session cookie, outside the admin) goes straight past them here; an editor's,
or any request in the admin, gets them as before, so the sliding session
expiry still moves on every request of a signed-in editor, public pages
included. Readers' pages read neither ``request.session`` nor messages (no
public template or view does); ``request.user`` is the anonymous user, as
Django would have found.

They stay in MIDDLEWARE, in their place, as subclasses of Django's own
classes, so the admin's system checks still find them. (django-axes's
middleware, about 2 µs, stays as it is: axes's check wants its exact name.)
``LocaleMiddleware`` takes the language from the address alone, which is all
``i18n_patterns(prefix_default_language=False)`` ever uses, without parsing
cookies or Accept-Language first.
"""

from functools import lru_cache

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as BaseAuthenticationMiddleware,
)
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import (
    MessageMiddleware as BaseMessageMiddleware,
)
from django.contrib.sessions.middleware import (
    SessionMiddleware as BaseSessionMiddleware,
)
from django.http.cookie import parse_cookie
from django.middleware.locale import LocaleMiddleware as BaseLocaleMiddleware
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def admin_prefix(request=None):
    """The admin's path (``/admin/``), as ``request.path_info`` spells it."""
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    return _admin_prefix(urlconf)


@lru_cache(maxsize=8)
def _admin_prefix(urlconf):
    # reverse() costs ~15 µs; the answer never changes while a URLconf lives.
    # Without the script prefix, so it compares with path_info.
    url = reverse("admin:index", urlconf=urlconf)
    return "/" + url.removeprefix(get_script_prefix())


def is_reader(request):
    """No session cookie and not in the admin: nothing editor-only applies."""
    cookies = request.META.get("HTTP_COOKIE", "")
    name = settings.SESSION_COOKIE_NAME
    if name in cookies and name in parse_cookie(cookies):
        return False
    return not request.path_info.startswith(admin_prefix(request))


class EditorsOnly:
    """Mixed into a middleware class: a reader's request passes it by."""

    def __call__(self, request):
        if is_reader(request):
            self.for_reader(request)
            return self.get_response(request)
        return super().__call__(request)

    def for_reader(self, request):
        """What a reader's request is given instead (nothing by default)."""


class SessionMiddleware(EditorsOnly, BaseSessionMiddleware):
    pass


class AuthenticationMiddleware(EditorsOnly, BaseAuthenticationMiddleware):
    def for_reader(self, request):
        request.user = AnonymousUser()


class MessageMiddleware(EditorsOnly, BaseMessageMiddleware):
    pass


class LocaleMiddleware(BaseLocaleMiddleware):
    """Django's, with the language taken from the address when only the
    address can decide it (the cookie and Accept-Language are read only by
    the first visit to /, hkai/languages.py), and looked up once."""

    def process_request(self, request):
        if not self._address_decides(request):
            return super().process_request(request)
        request.language_from_path = translation.get_language_from_path(
            request.path_info
        )
        translation.activate(request.language_from_path or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if not hasattr(request, "language_from_path"):
            return super().process_response(request, response)
        # Django's, for prefix_default_language=False: a 404 is never sent to
        # another language's address, and a page at an unprefixed address
        # says it could have depended on Accept-Language.
        if not request.language_from_path:
            if "Vary" in response:
                patch_vary_headers(response, ("Accept-Language",))
            else:
                response["Vary"] = "Accept-Language"
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    @staticmethod
    def _address_decides(request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        used, prefixed_default = is_language_prefix_patterns_used(urlconf)
        return used and not prefixed_default
