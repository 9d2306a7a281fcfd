"""django-axes's two hooks: whose address a failure counts against, and the
page a locked-out client gets."""

import ipaddress

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def client_ip(request):
    """REMOTE_ADDR, or, when ``CLIENT_IP_HEADER`` names the header the proxies in
    front append to, the entry the outermost trusted one wrote.

    Each of ``CLIENT_IP_PROXY_COUNT`` proxies appends the address it saw, so the
    client is that many entries from the right; anything further left was
    written by the client and is ignored. (axes's ipware route would add two
    packages and reads the left-most entry by default.) A missing or malformed
    entry counts against REMOTE_ADDR, which may lock out more, never less.
    """
    if settings.CLIENT_IP_HEADER:
        key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        hops = [hop.strip() for hop in request.META.get(key, "").split(",")]
        count = settings.CLIENT_IP_PROXY_COUNT
        if 0 < count <= len(hops):
            try:
                return str(ipaddress.ip_address(hops[-count]))
            except ValueError:
                pass
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page: why, when to try again and whom to ask (429)."""
    cool_off = settings.AXES_COOLOFF_TIME
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": max(1, round(cool_off.total_seconds() / 60))},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    add_never_cache_headers(response)
    return response
