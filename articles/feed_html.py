"""An article's body as feeds carry it, prepared once when the article is
saved (``Article.feed_html``): the body's HTML cleaned of what XML cannot hold
and with every link and image made absolute.

Why: cleaning and resolving each address took a regular expression, a
``urljoin`` per link and an NFC pass per item on every feed request, the
biggest part of a feed's time. Now a request does one ``str.replace`` per
attribute name.

An absolute address needs the site's origin, which is the request's
(``request.build_absolute_uri``: every host in ``ALLOWED_HOSTS`` gets feeds
that point back at itself). So addresses are stored against a placeholder
origin, ``ORIGIN`` (``.invalid`` is reserved by RFC 2606 and can never be a
real site), which ``for_request`` swaps for the request's.
"""

import html
import re
from urllib.parse import urljoin

from hkai.text import clean_text

ORIGIN = "https://feed-origin.invalid"

# Every address in the sanitised body (nh3 writes attributes in double quotes).
_ADDRESS = re.compile(r'(\s(?:href|src))="([^"]*)"')


def absolutize(body_html, base):
    """Make every link and image absolute (root-relative, relative, "#note",
    "?page=2"), resolved against the article's own address ``base``:
    readers show entries away from the site, where a relative URL leads
    nowhere."""

    def absolute(match):
        url = urljoin(base, html.unescape(match.group(2)))
        return f'{match.group(1)}="{html.escape(url)}"'

    return _ADDRESS.sub(absolute, body_html)


def prepare(body_html, path):
    """What ``Article.feed_html`` stores for a body at the address ``path``."""
    return clean_text(absolutize(body_html, ORIGIN + path))


def for_request(prepared, origin):
    """A stored ``feed_html`` with the site's own addresses under ``origin``
    (``https://example.org``): the request's scheme and host."""
    for name in ' href="', ' src="':
        prepared = prepared.replace(f"{name}{ORIGIN}/", f"{name}{origin}/")
    return prepared
