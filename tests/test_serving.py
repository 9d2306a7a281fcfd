"""The README's first command really serves the site under gunicorn."""

import os
import re
import subprocess
import sys

import pytest

from .servers import ROOT, admin_login, fetch, free_port, wait_for_port

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """``python -m hkai.demo`` on a free loopback port, with its own database."""
    tmp = tmp_path_factory.mktemp("demo")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://demo",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    log = tmp / "demo.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "hkai.demo"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        if not wait_for_port(port, process, seconds=120):
            pytest.fail(f"the demo command did not start:\n{log.read_text()}")
        yield f"http://127.0.0.1:{port}", log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=30)


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
    opener = admin_login(base, "demo-editor", password)
    _, _, page = fetch(base + "/admin/", opener)
    assert "Articles" in page
