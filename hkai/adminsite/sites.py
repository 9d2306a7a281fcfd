"""The admin site: every model admin hardened, and a safe ``next`` at login."""

from urllib.parse import urlsplit

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .hardening import HardenedModelAdmin


class AdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        """Register as Django does, with ``HardenedModelAdmin`` in front of
        the model admin's class, whichever app registers it."""
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, HardenedModelAdmin):
            base = type(
                base.__name__,
                (HardenedModelAdmin, base),
                {"__module__": base.__module__, "__doc__": base.__doc__},
            )
        super().register(model_or_iterable, base, **options)

    def login(self, request, extra_context=None):
        """After signing in, go to ``next`` only if it is a page of this admin;
        otherwise (another site, ``javascript:``, an address with nothing
        there) to the admin's index, where the sign-in form leads when there is
        none (without one, Django would go to LOGIN_REDIRECT_URL: a 404 here)."""
        for name in ("GET", "POST"):
            query = getattr(request, name)
            target = query.get(REDIRECT_FIELD_NAME)
            if target is not None and not self.is_admin_page(request, target):
                query = query.copy()
                query[REDIRECT_FIELD_NAME] = reverse(
                    "admin:index", current_app=self.name
                )
                setattr(request, name, query)
        return super().login(request, extra_context)

    def is_admin_page(self, request, url):
        if not url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return False
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            return False
        # The catch-all view (a 404 for any other address under /admin/) and
        # the sign-in page itself have no name in this site's namespace.
        return match.namespace == self.name and match.url_name is not None
