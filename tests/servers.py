"""Real servers for tests: gunicorn with the project's config, on loopback."""

import atexit
import functools
import http.client
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WSGI = "hkai.wsgi"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, seconds=60):
    """Until something listens on ``port`` (bounded), or the process dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def output(self):
        return self.log.read_text()


@contextmanager
def gunicorn(log_dir, workers=1, **env):
    """gunicorn (hkai/gunicorn.conf.py) on a free loopback port, stopped after."""
    port = free_port()
    environment = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        **env,
    }
    log = Path(log_dir) / f"gunicorn-{port}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "hkai/gunicorn.conf.py",
                "hkai.wsgi",
            ],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        if not wait_for_port(port, process):
            raise RuntimeError(f"gunicorn did not start:\n{server.output()}")
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


class _FromAddress(urllib.request.HTTPHandler):
    """Connects from ``address``: any of 127.0.0.0/8 is this machine, so a
    server on 127.0.0.1 sees clients at different addresses (REMOTE_ADDR)."""

    def __init__(self, address):
        super().__init__()
        self.address = address

    def http_open(self, req):
        connection = functools.partial(
            http.client.HTTPConnection, source_address=(self.address, 0)
        )
        return self.do_open(connection, req)


def browser(source=None):
    """An opener that keeps cookies, like a browser session; from the loopback
    address ``source`` if given."""
    handlers = [urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())]
    if source is not None:
        handlers.append(_FromAddress(source))
    return urllib.request.build_opener(*handlers)


def fetch(url, opener=None, data=None, headers=None):
    """``(status, headers, body)``; 4xx and 5xx are answers, not exceptions."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=15) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def post_form(base, path, fields, opener):
    """GET a form for its CSRF token, then POST ``fields`` to it."""
    _, _, page = fetch(base + path, opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}, doseq=True)
    return fetch(base + path, opener, data.encode(), {"Referer": base + path})


def try_login(base, username, password, opener):
    """Sign in through the admin's form: ``(status, headers, page)``."""
    return post_form(
        base,
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        opener,
    )


def admin_login(base, username, password, source=None):
    opener = browser(source)
    status, _, page = try_login(base, username, password, opener)
    assert status == 200 and "Site administration" in page, page[:2000]
    return opener


def submit_form(base, path, changes, opener, form_id="article_form"):
    """Open the form at ``path``, change ``changes`` and submit it, as a
    browser would: every other field keeps the value the page gave it."""
    from .html import form_fields, parse

    _, _, page = fetch(base + path, opener)
    form = parse(page).find("form", id=form_id)
    assert form is not None, page[:3000]
    fields = [(name, value) for name, value in form_fields(form) if name not in changes]
    for name, value in changes.items():
        fields += [(name, v) for v in (value if isinstance(value, list) else [value])]
    data = urllib.parse.urlencode(fields).encode()
    return fetch(base + path, opener, data, {"Referer": base + path})


def access_log(server):
    """The server's access-log entries so far (one JSON object per line)."""
    import json

    complete = server.output().split("\n")[:-1]  # the last line may be unfinished
    return [
        json.loads(line)
        for line in complete
        if line.startswith("{") and '"gunicorn.access"' in line
    ]


EDITOR, PASSWORD = "site-editor", "a long enough password 42"


def sqlite_site(tmp_path, **env):
    """The README's shape for a server of the test's own: its own SQLite file
    and media folder (the demo's pictures), no CACHE_URL (unless given), the
    demo content and an editor. The env."""
    env = {
        **_without_services(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "HKAI_PAGE_CACHE_STATE_DIR": str(tmp_path / "pagecache"),
        "HKAI_PAGE_CACHE": "1",
        **env,
    }
    demo = _demo_site()
    shutil.copyfile(demo / "db.sqlite3", tmp_path / "db.sqlite3")
    shutil.copytree(demo / "media", env["DJANGO_MEDIA_ROOT"], dirs_exist_ok=True)
    return env


def _without_services():
    return {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")
    }


@functools.cache
def _demo_site():
    """A folder with a SQLite file migrated, with the demo content and the
    editor, and its media (the demo's pictures): made once per test run (three
    commands, 6–8 s) and copied for each site, which may change its own."""
    folder = Path(tempfile.mkdtemp(prefix="hkai-demo-site-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / "media").mkdir()
    env = {
        **_without_services(),
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "HKAI_PAGE_CACHE_STATE_DIR": str(folder / "pagecache"),
        "DJANGO_SUPERUSER_USERNAME": EDITOR,
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
        "DJANGO_SUPERUSER_EMAIL": "editor@example.hk",
    }
    for command in (
        ["migrate", "-v0"],
        ["load_demo"],
        ["createsuperuser", "--noinput"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    return folder


def change_url(base, opener, slug):
    """The admin's change form of the article with ``slug``."""
    from .html import parse

    _, _, page = fetch(f"{base}/admin/articles/article/?q={slug}", opener)
    return parse(page).select_one("#result_list tbody th a")["href"]


def call_wsgi(path, method="GET", **headers):
    """Call the project's real WSGI application, as gunicorn does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import RequestFactory

    from hkai.wsgi import application

    environ = RequestFactory().generic(method, path, **headers).environ
    answer = {}

    def start_response(status, response_headers):
        answer["status"], answer["headers"] = status, dict(response_headers)

    # As Django's test client does: keep the test's database connection (and
    # its uncommitted test data) open across the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        body = b"".join(result)
        getattr(result, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body
