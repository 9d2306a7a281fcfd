"""Cached-page throughput while bogus sign-ins hammer the admin login.

    .venv/bin/python bench/login_storm.py                       # SQLite + local memory
    .ci/with-services .venv/bin/python bench/login_storm.py     # PostgreSQL + Redis
    .venv/bin/python bench/login_storm.py /tmp/hkai-base        # another checkout

Starts the site of this checkout (or of the checkout given, e.g. the commit
before, unpacked with ``git archive``) under the project's gunicorn config on
127.0.0.1, with the demo content and the default worker count. Measures the
cached home page with wrk alone (``BENCH_SECONDS``, default 10 s; 2 threads, 16
connections), then while a second wrk, 8 connections, POSTs wrong passwords
for made-up usernames to /admin/login/ with a valid CSRF token, then alone
again. The storm is bounded in time (the page run plus a few seconds) and in
count (``BENCH_STORM_REQUESTS`` per connection, default 20,000). Prints the
three page figures, the ratio, and what the storm's requests were answered.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import SECONDS, ensure_wrk, wrk  # noqa: E402
from tests.servers import free_port, wait_for_port  # noqa: E402

CLIENTS = 8
STORM_REQUESTS = int(os.environ.get("BENCH_STORM_REQUESTS", "20000"))
PAGE = "/"
LOGIN = "/admin/login/"

# Each connection stops after STORM_REQUESTS answers; wrk's -d bounds the time.
# The statuses are counted per thread and printed at the end.
STORM_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {}; answered = 0; sent = 0 end
function request()
  sent = sent + 1
  local body = "csrfmiddlewaretoken=%(token)s&username=storm-" .. sent
    .. "&password=not-the-password&next=/admin/"
  return wrk.format("POST", "%(path)s", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken=%(cookie)s",
  }, body)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  answered = answered + 1
  if answered >= %(limit)d then wrk.thread:stop() end
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("status %%d %%d\\n", status, count))
    end
  end
end
"""


def manage(root, env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=root,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def start(root, env, log):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "hkai/gunicorn.conf.py", "hkai.wsgi"],
        cwd=root,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    if not wait_for_port(port, process):
        raise SystemExit(f"the site in {root} did not start")
    return process, f"http://127.0.0.1:{port}"


def csrf(base):
    """A CSRF cookie and a form token that goes with it, as a browser gets them."""
    with urllib.request.urlopen(base + LOGIN, timeout=15) as response:
        cookie = re.search(r"csrftoken=([^;]+)", response.headers["Set-Cookie"])
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return cookie.group(1), token.group(1)


def storm(base, script):
    """8 connections POSTing wrong passwords, in the background."""
    return subprocess.Popen(
        [
            "wrk",
            "-t1",
            f"-c{CLIENTS}",
            f"-d{SECONDS + 4}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            base + LOGIN,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def storm_report(process):
    out, _ = process.communicate(timeout=SECONDS + 60)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    statuses = dict(re.findall(r"^status (\d+) (\d+)$", out, re.M))
    return rps, {code: int(count) for code, count in sorted(statuses.items())}


def main():
    site = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT
    ensure_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="hkai-login-storm-"))
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 40,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "GUNICORN_ACCESS_LOG": "0",
        "DJANGO_LOG_LEVEL": "ERROR",  # axes logs every failure as a warning
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'db.sqlite3'}")
    env.setdefault("HKAI_PAGE_CACHE_STATE_DIR", str(tmp / "pagecache"))
    env.setdefault("DJANGO_CONN_MAX_AGE", "60")
    manage(site, env, "migrate", "-v0")
    manage(site, env, "load_demo")
    manage(site, env, "collectstatic", "--noinput", "-v0")
    # No lockout left over from an earlier run on the same database (a checkout
    # without django-axes has no such command: nothing to forget there).
    subprocess.run(
        [sys.executable, "manage.py", "axes_reset"],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    with open(tmp / "server.log", "w") as log:
        server, base = start(site, env, log)
        try:
            wrk(base + PAGE)  # warm every worker and the cache
            alone = wrk(base + PAGE)
            cookie, token = csrf(base)
            script = tmp / "storm.lua"
            script.write_text(
                STORM_LUA
                % {
                    "token": token,
                    "cookie": cookie,
                    "path": LOGIN,
                    "limit": STORM_REQUESTS,
                }
            )
            attack = storm(base, script)
            time.sleep(2)  # the storm under way (and, with lockouts, locked out)
            during = wrk(base + PAGE)
            storm_rps, statuses = storm_report(attack)
            after = wrk(base + PAGE)
        finally:
            server.terminate()
            server.wait(timeout=60)
    log = (tmp / "server.log").read_text().splitlines()
    errors = [line for line in log if '"level": "ERROR", "logger": "django' in line]
    shutil.rmtree(tmp, ignore_errors=True)

    database = env["DATABASE_URL"].split(":", 1)[0]
    cache = os.environ.get("CACHE_URL", "locmem").split(":", 1)[0]
    workers = env.get("GUNICORN_WORKERS", f"{(os.cpu_count() or 1) * 2 + 1}")
    print(f"\n{site}: {database} + {cache}, {workers} gunicorn workers,")
    print(f"{os.cpu_count()} CPUs; home page: wrk -t2 -c16 -d{SECONDS}s per row\n")
    print("| home page, cached | req/s | p50 ms | p99 ms | × alone |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (rps, p50, p99) in (
        ("alone", alone),
        (f"{CLIENTS} clients posting wrong passwords", during),
        ("alone again", after),
    ):
        print(f"| {name} | {rps:,.0f} | {p50:.2f} | {p99:.2f} | {rps / alone[0]:.2f} |")
    answered = ", ".join(f"{count:,} × {code}" for code, count in statuses.items())
    print(f"\nthe storm: {storm_rps:,.0f} sign-ins/s answered ({answered})")
    for line in errors[:3]:
        print(line[:2000])


if __name__ == "__main__":
    main()
