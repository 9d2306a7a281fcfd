"""Where pictures may come from: the site's own media storage, and the hosts an
editor allowed in settings (``HKAI_BODY_IMAGE_HOSTS``).

One answer for both guards of an article body: the Content-Security-Policy's
``img-src`` (hkai/csp.py), which the reader's browser enforces, and the body
sanitiser (articles/text.py), which drops any other image before a reader's
browser could ask for it (a tracking pixel pasted into a body tells its owner
who read the article, and when).
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import storages


def origin(url):
    """``https://host[:port]`` of an absolute (or scheme-relative) address, or
    None for a relative one."""
    parts = urlsplit(url)
    if not parts.netloc:
        return None
    return f"{(parts.scheme or 'https').lower()}://{parts.netloc.lower()}"


def media_prefix():
    """Where the media storage serves files: ``/media/`` here, or the address
    of a store on another host (an S3 bucket, a CDN in front of it)."""
    # Up to the name: a signed address (S3's querystring_auth) has a query after.
    return storages["default"].url("hkai-probe").partition("hkai-probe")[0]


def allowed_origins():
    """Origins, besides the site itself, that body images may come from."""
    hosts = {origin(media_prefix())}
    for host in settings.BODY_IMAGE_HOSTS:
        # A bare host name means HTTPS: a page served over HTTPS may not show
        # pictures over plain HTTP, and Mozilla's Observatory marks it down.
        hosts.add(origin(host if "//" in host else f"https://{host}"))
    return sorted(hosts - {None})


def is_allowed_image(src):
    """Whether a body may show the image at ``src``: a file of the media
    storage, or any picture on an allowed origin (``allowed_origins``)."""
    src = src.strip()
    if src.startswith("//"):
        src = "https:" + src  # scheme-relative: as an HTTPS page reads it
    if src.startswith(media_prefix()):
        # No way out of the media folder, even spelt "\\" (which browsers
        # read as "/") or percent-encoded (as Markdown writes a backslash).
        return "/../" not in unquote(src).replace("\\", "/")
    return origin(src) in allowed_origins()
