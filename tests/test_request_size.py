"""A request too large to accept gets a page that says so, in the site's design
and the address's language, through a real gunicorn and a real HTTP client:
not a reset connection (hkai/request_size.py)."""

import http.client
import socket
from urllib.parse import urlsplit

import pytest

from .html import parse, text

pytestmark = [pytest.mark.server, pytest.mark.slow]

MB = 1024 * 1024


def connection(server):
    address = urlsplit(server.url)
    return http.client.HTTPConnection(address.hostname, address.port, timeout=30)


def post(server, path, size, **headers):
    """POST ``size`` bytes as http.client does: the whole body, then the answer.
    Before the fix, gunicorn closed on unread data and this raised a reset."""
    client = connection(server)
    try:
        client.request(
            "POST",
            path,
            body=b"a" * size,
            headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
        )
        response = client.getresponse()
        return response, parse(response.read().decode())
    finally:
        client.close()


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/admin/login/", "Too large to accept"),
        ("/admin/articles/article/1/change/", "Too large to accept"),
        ("/zh-hant/", "內容太大，無法接收"),
    ],
)
def test_twenty_megabytes_get_the_too_large_page(demo_site, path, heading):
    response, page = post(demo_site, path, 20 * MB)
    assert response.status == 413
    assert response.getheader("Connection") == "close"
    assert text(page.select_one("h1")) == heading
    assert page.select_one("link[rel=stylesheet][href*='site']") is not None


def test_a_form_over_the_memory_limit_gets_the_400_page(demo_site):
    """Under the request limit but over DATA_UPLOAD_MAX_MEMORY_SIZE: Django
    refuses it without reading it; the client still gets the page."""
    client = connection(demo_site)
    client.request("GET", "/admin/login/")
    login = client.getresponse()
    login.read()
    client.close()
    # With its CSRF cookie, the form is read for its token, and refused.
    cookie = login.getheader("Set-Cookie").split(";")[0]
    response, page = post(demo_site, "/admin/login/", 5 * MB, Cookie=cookie)
    assert response.status == 400
    assert text(page.select_one("h1")) == "This request cannot be answered"


def test_the_answer_comes_before_the_body_is_sent(demo_site):
    """The limit is checked on the declared length: nothing is read first."""
    address = urlsplit(demo_site.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(
            b"POST /admin/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {1024 * MB}\r\n\r\n".encode()
        )
        assert sock.recv(100).startswith(b"HTTP/1.1 413 ")
