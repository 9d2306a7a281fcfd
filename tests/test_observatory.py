"""The security headers of the production configuration, graded as Mozilla's
HTTP Observatory grades a site, and held to its top grade, A+.

gunicorn runs with the production settings docs/deployment.md lists
(``PRODUCTION_ENV``, shared with tests/test_operations.py), and every request
carries ``X-Forwarded-Proto: https`` as the documented load balancer adds it
(the plain-HTTP request, for the redirection test, carries ``http``).

The scoring below is the Observatory's published one, written out here so the
test needs no network and no Node: mdn/mdn-http-observatory, its score table
src/grader/charts.js (modifiers, the grade chart, extra credit only from 90),
the sum in src/scanner/index.js, and the rules of src/analyzer/tests/ (csp.js,
cookies.js, cors.js, redirection.js, referrer-policy.js,
strict-transport-security.js, subresource-integrity.js,
x-content-type-options.js, x-frame-options.js,
cross-origin-resource-policy.js). The one bonus no test site can earn, HSTS
preloading (the domain must be on the browsers' preload list), is left out.
"""

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import pytest

from .html import parse
from .servers import gunicorn, sqlite_site
from .test_operations import PRODUCTION_ENV

pytestmark = [pytest.mark.server, pytest.mark.slow]

HOST = PRODUCTION_ENV["DJANGO_ALLOWED_HOSTS"]
BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*"}
BROAD |= {"https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
SIX_MONTHS = 15768000


def grade(score):
    """src/grader/grader.js: the grade of a score rounded down to a multiple of
    5; A+ from 100."""
    chart = [(100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B")]
    chart += [(65, "B-"), (60, "C+"), (50, "C"), (45, "C-"), (40, "D+")]
    chart += [(30, "D"), (25, "D-"), (0, "F")]
    return next(g for floor, g in chart if max(score, 0) >= floor)


def csp(headers):
    """csp.js: (modifier, parsed policy) for the Content-Security-Policy."""
    values = headers.get_all("Content-Security-Policy") or []
    policies = [p.strip() for v in values for p in v.split(",") if p.strip()]
    if not policies:
        return -25, {}  # csp-not-implemented
    policy = {}
    for text in policies:
        for part in filter(None, (p.strip() for p in text.split(";"))):
            name, *sources = part.split()
            policy.setdefault(name.lower(), set(sources))
    default = policy.get("default-src")
    script = policy.get("script-src") or default or {"*"}
    style = policy.get("style-src") or default or {"*"}
    objects = policy.get("object-src") or default or {"*"}
    passive = (policy.get("img-src") or default or set()) | (
        policy.get("media-src") or default or set()
    )
    active = {
        s
        for name, v in policy.items()
        if name not in ("img-src", "media-src")
        for s in v
    }
    if script & (BROAD | UNSAFE_INLINE) or objects & BROAD:
        return -20, policy  # csp-implemented-with-unsafe-inline
    if any(s.startswith(("http:", "ftp:")) for s in active):
        return -20, policy  # csp-implemented-with-insecure-scheme
    if "'unsafe-eval'" in script | style:
        return -10, policy  # csp-implemented-with-unsafe-eval
    if any(s.startswith(("http:", "ftp:")) for s in passive):
        return -10, policy  # …insecure-scheme-in-passive-content-only
    if style & (BROAD | UNSAFE_INLINE):
        return 0, policy  # …unsafe-inline-in-style-src-only
    if default == {"'none'"}:
        return 10, policy  # …no-unsafe-default-src-none
    return 5, policy  # csp-implemented-with-no-unsafe


def cookies(headers, hsts_ok):
    """cookies.js: the worst finding over every cookie set, or a bonus when
    all are Secure, session cookies HttpOnly, and all have SameSite."""
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    if not jar:
        return 0  # cookies-not-found
    worst = 0
    same_site = True
    for name, morsel in jar.items():
        session = "login" in name.lower() or "sess" in name.lower()
        samesite = morsel["samesite"].lower()
        if samesite and samesite not in ("lax", "strict", "none"):
            worst = min(worst, -20)  # cookies-samesite-flag-invalid
        if not morsel["secure"]:
            worst = min(worst, -5 if hsts_ok else -20)
            if session:
                worst = min(worst, -10 if hsts_ok else -40)
        if "csrf" in name.lower() and not samesite:
            worst = min(worst, -20)  # cookies-anticsrf-without-samesite-flag
        if session and not morsel["httponly"]:
            worst = min(worst, -30)  # cookies-session-without-httponly-flag
        same_site = same_site and bool(samesite)
    if worst:
        return worst
    return 5 if same_site else 0  # …secure-with-httponly-sessions(-and-samesite)


def cors(headers):
    """cors.js: credentialed access for any origin (the request's own origin
    echoed back, with credentials) is -50; anything else 0."""
    allowed = headers.get("Access-Control-Allow-Origin", "")
    credentials = headers.get("Access-Control-Allow-Credentials", "").lower()
    return -50 if allowed == "https://attacker.example" and credentials == "true" else 0


def redirection(status, headers):
    """redirection.js: HTTP must redirect to HTTPS on the same host first."""
    if status not in (301, 302, 303, 307, 308):
        return -20  # redirection-missing
    target = urlsplit(headers["Location"])
    if target.scheme != "https":
        return -10 if target.scheme == "http" else -20
    return 0 if target.hostname == HOST else -5  # …-to-https / off-host


def referrer_policy(headers):
    """referrer-policy.js: the last policy the browser knows wins."""
    private = {"no-referrer", "same-origin", "strict-origin"}
    private |= {"strict-origin-when-cross-origin"}
    unsafe = {"origin", "origin-when-cross-origin", "unsafe-url"}
    unsafe |= {"no-referrer-when-downgrade"}
    value = headers.get("Referrer-Policy")
    if value is None:
        return 0  # referrer-policy-not-implemented
    known = [p.strip().lower() for p in value.split(",")]
    known = [p for p in known if p in private | unsafe]
    if not known:
        return -5  # referrer-policy-header-invalid
    return 5 if known[-1] in private else -5


def hsts(headers):
    """strict-transport-security.js: at least six months, else marked down."""
    value = headers.get("Strict-Transport-Security")
    if value is None:
        return -20, False
    match = re.search(r"max-age=\"?(\d+)", value, re.I)
    if match is None:
        return -20, False  # hsts-header-invalid
    return (0, True) if int(match[1]) >= SIX_MONTHS else (-10, True)


def subresource_integrity(headers, body):
    """subresource-integrity.js: scripts from another site need HTTPS and an
    integrity hash; the site's own scripts need neither."""
    if headers.get_content_type() not in ("text/html", "application/xhtml+xml"):
        return 0
    scripts = [s.get("src") for s in parse(body).find_all("script")]
    external = [s for s in scripts if s and urlsplit(s).netloc not in ("", HOST)]
    integrity = [
        s.get("integrity")
        for s in parse(body).find_all("script", src=True)
        if s["src"] in external
    ]
    if not external:
        return 0  # no scripts, or all from the site itself
    if any(not s.startswith("https:") for s in external):
        return -50 if not all(integrity) else -20
    return 5 if all(integrity) else -5


def x_content_type_options(headers):
    """x-content-type-options.js"""
    value = headers.get("X-Content-Type-Options", "")
    return 0 if value.strip().lower() == "nosniff" else -5


def x_frame_options(headers, policy):
    """x-frame-options.js: frame-ancestors in the CSP earns the bonus."""
    if "frame-ancestors" in policy:
        return 5
    value = headers.get("X-Frame-Options", "").strip().lower()
    return 0 if value in ("deny", "sameorigin") or value.startswith("allow") else -20


def cross_origin_resource_policy(headers):
    """cross-origin-resource-policy.js"""
    value = headers.get("Cross-Origin-Resource-Policy")
    if value is None:
        return 0
    value = value.strip().lower()
    return {"same-origin": 10, "same-site": 10, "cross-origin": 0}.get(value, -5)


def observatory(base, path):
    """``(score, grade, modifiers)`` for the page at ``path``."""
    secure = {"X-Forwarded-Proto": "https", "Origin": "https://attacker.example"}
    status, headers, body = request(base, path, secure)
    assert status == 200, (path, status)
    plain_status, plain_headers, _ = request(base, path, {"X-Forwarded-Proto": "http"})
    hsts_modifier, hsts_ok = hsts(headers)
    csp_modifier, policy = csp(headers)
    modifiers = {
        "content-security-policy": csp_modifier,
        "cookies": cookies(headers, hsts_ok),
        "cross-origin-resource-sharing": cors(headers),
        "redirection": redirection(plain_status, plain_headers),
        "referrer-policy": referrer_policy(headers),
        "strict-transport-security": hsts_modifier,
        "subresource-integrity": subresource_integrity(headers, body),
        "x-content-type-options": x_content_type_options(headers),
        "x-frame-options": x_frame_options(headers, policy),
        "cross-origin-resource-policy": cross_origin_resource_policy(headers),
    }
    # src/scanner/index.js: bonuses count only if the score without them is
    # already at least 90 (MINIMUM_SCORE_FOR_EXTRA_CREDIT).
    uncurved = 100 + sum(m for m in modifiers.values() if m < 0)
    score = 100 + sum(modifiers.values()) if uncurved >= 90 else uncurved
    return score, grade(score), modifiers


def request(base, path, headers):
    """One request, redirects not followed: ``(status, headers, body)``."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=15)
    try:
        connection.request("GET", path, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def production(tmp_path_factory, static_root):
    tmp_path = tmp_path_factory.mktemp("production")
    env = sqlite_site(tmp_path, DJANGO_STATIC_ROOT=str(static_root), **PRODUCTION_ENV)
    with gunicorn(tmp_path, workers=1, **env) as server:
        yield server


@pytest.mark.parametrize("path", ["/", "/admin/login/"])
def test_the_production_configuration_earns_the_observatorys_a_plus(production, path):
    """The home page, as the Observatory scans it, and the admin's sign-in
    page, which sets a cookie (the CSRF token), both A+."""
    score, letter, modifiers = observatory(production.url, path)
    assert letter == "A+", (score, modifiers)
    assert all(m >= 0 for m in modifiers.values()), modifiers
