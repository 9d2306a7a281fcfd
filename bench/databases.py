"""Databases of N generated articles, built once and kept for the next run.

A database of 100,000 articles takes minutes to build, and bench/run.py and
bench/scale.py both want one at each size: each is built by ``migrate`` and
``generate_articles N`` and kept, keyed by its size and by the code that
decides its content (migrations, the generator, the search index), so a
change to either builds afresh and an unrelated change reuses it.

- SQLite: a file in ``BENCH_DB_DIR`` (default ``$TMPDIR/hkai-bench-dbs``).
- PostgreSQL: a database beside DATABASE_URL's on the same server, named
  ``hkai_bench_<size>_<key>``, and a dump of it in ``BENCH_DB_DIR``:
  ``.ci/with-services``' throwaway server dies with its command, and the
  next run restores the dump (seconds) instead of generating (minutes).

Either is built under a temporary name and renamed when complete, so an
interrupted build is never mistaken for a finished one.
"""

import glob
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DB_DIR = Path(
    os.environ.get("BENCH_DB_DIR", Path(tempfile.gettempdir()) / "hkai-bench-dbs")
)
# What decides a generated database's rows: change one and it is built again.
CONTENT_CODE = [
    "*/migrations/*.py",
    "hkai/*/migrations/*.py",
    "articles/generating/*.py",
    "articles/search/**/*.py",
    "articles/text.py",
    "articles/management/commands/generate_articles.py",
    "articles/management/commands/rebuild_search_index.py",
]


def sizes(default):
    """The sizes ``BENCH_SIZES`` chooses ("10,100000"), else ``default``."""
    return [int(n) for n in os.environ.get("BENCH_SIZES", default).split(",") if n]


def code_version():
    """A short hash of the code in CONTENT_CODE, as it is on disk now."""
    digest = hashlib.sha256()
    files = sorted({path for pattern in CONTENT_CODE for path in ROOT.glob(pattern)})
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def manage(env, *args, timeout):
    """``manage.py args`` in a child process; its stdout, or exit with its output."""
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode:
        raise SystemExit(
            f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}"
        )
    return done.stdout


def generated(env, size):
    """DATABASE_URL of a database of ``size`` generated articles on the same
    server as ``env``'s: reused if built by this code before, else built now."""
    base = env.get("DATABASE_URL", "sqlite://")
    name = f"hkai_bench_{size}_{code_version()}"
    if base.startswith("sqlite"):
        return _sqlite(env, size, name)
    return _postgresql(env, base, size, name)


def _build(env, url, size):
    started = time.monotonic()
    print(f"building a database of {size:,} articles…", file=sys.stderr, flush=True)
    env = {**env, "DATABASE_URL": url}
    manage(env, "migrate", "-v0", timeout=900)
    manage(env, "generate_articles", str(size), timeout=600 + size / 20)
    print(f"  built in {time.monotonic() - started:.0f} s", file=sys.stderr)


def _sqlite(env, size, name):
    path = DB_DIR / f"{name}.sqlite3"
    if not path.exists():
        _prune(size, ".sqlite3")
        building = path.with_suffix(".building")
        building.unlink(missing_ok=True)
        _build(env, f"sqlite:///{building}", size)
        building.rename(path)
    return f"sqlite:///{path}"


def _postgresql(env, base, size, name):
    """Reuse the database on this server, else restore the dump an earlier
    build left in DB_DIR (a throwaway server's databases die with it), else
    build it and leave a dump."""
    import psycopg
    from psycopg.sql import SQL, Identifier

    building, dump = name + "_building", DB_DIR / f"{name}.pgdump"
    with psycopg.connect(base, autocommit=True) as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if found.fetchone() is None:
            drop = SQL("DROP DATABASE IF EXISTS {}").format(Identifier(building))
            admin.execute(drop)
            admin.execute(SQL("CREATE DATABASE {}").format(Identifier(building)))
            url = _beside(base, building)
            if dump.exists():
                _pg("pg_restore", "--no-owner", "--dbname", url, str(dump))
                with psycopg.connect(url, autocommit=True) as restored:
                    restored.execute("ANALYZE")  # a restore brings no statistics
            else:
                _build(env, url, size)
                _prune(size, ".pgdump")
                _pg("pg_dump", "--format=custom", "--file", f"{dump}.part", url)
                Path(f"{dump}.part").rename(dump)
            admin.execute(
                SQL("ALTER DATABASE {} RENAME TO {}").format(
                    Identifier(building), Identifier(name)
                )
            )
    return _beside(base, name)


def _pg(program, *args):
    """A PostgreSQL client program (on PATH, or the newest installed)."""
    installed = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"))
    found = shutil.which(program) or (installed[-1] if installed else program)
    subprocess.run([found, *args], check=True, capture_output=True, timeout=1800)


def _prune(size, suffix):
    """Remove this size's databases built by other code (100,000 articles
    are most of a gigabyte), and make sure DB_DIR exists."""
    DB_DIR.mkdir(parents=True, exist_ok=True)
    for old in DB_DIR.glob(f"hkai_bench_{size}_*{suffix}"):
        old.unlink()


def _beside(url, name):
    return urlunsplit(urlsplit(url)._replace(path="/" + name))
