"""The README's first command really serves the site under gunicorn."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """``python -m hkai.demo`` on a free loopback port, with its own database."""
    tmp = tmp_path_factory.mktemp("demo")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    log = open(tmp / "demo.log", "w+")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "hkai.demo"], cwd=ROOT, env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            if process.poll() is not None:
                break
            time.sleep(0.5)
    log.seek(0)
    output = log.read()
    try:
        if process.poll() is not None:
            pytest.fail(f"the demo command exited:\n{output}")
        yield base, output
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def fetch(url, opener=None, data=None):
    opener = opener or urllib.request.build_opener()
    with opener.open(url, data=data, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


@pytest.mark.parametrize(
    "path, text",
    [
        ("/", "Featured"),
        ("/sectors/healthcare/", "Healthcare"),
        ("/challenges/data-privacy/", "Data privacy"),
        ("/articles/generative-ai-classrooms-exam-season/", "Related articles"),
        ("/tags/%E7%A7%81%E9%9A%B1/", "私隱"),
        ("/admin/login/", "Username"),
    ],
)
def test_pages_are_served(demo_server, path, text):
    base, _ = demo_server
    status, headers, body = fetch(base + path)
    assert status == 200
    assert headers["Server"].startswith("gunicorn")
    assert text in body


def test_css_is_served_by_whitenoise_with_a_hashed_name(demo_server):
    base, _ = demo_server
    _, _, home = fetch(base + "/")
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home).group(1)
    status, headers, body = fetch(base + css)
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"]
    assert ".site-header" in body


def test_printed_password_logs_in_to_the_admin(demo_server):
    base, output = demo_server
    password = re.search(r"password: (\S+)", output).group(1)
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    _, _, form = fetch(base + "/admin/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "username": "demo-editor",
            "password": password,
            "next": "/admin/",
        }
    ).encode()
    request = urllib.request.Request(
        base + "/admin/login/?next=/admin/", data=data, headers={"Referer": base}
    )
    _, _, page = fetch(request, opener)
    assert "Site administration" in page
    assert "Articles" in page
