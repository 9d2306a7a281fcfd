"""Workers are recycled when they grow, not by a count of requests
(hkai/gunicorn.conf.py): a worker past GUNICORN_MAX_WORKER_MEMORY_MB finishes
its request and is replaced, and no reader's request fails meanwhile."""

import re
import urllib.request

import pytest

from .servers import gunicorn, sqlite_site

pytestmark = [pytest.mark.server, pytest.mark.slow]


def boots(server):
    """The pids of the workers gunicorn has booted so far."""
    return re.findall(r"Booting worker with pid: (\d+)", server.output())


def read_pages(server, count):
    statuses = []
    for _ in range(count):
        with urllib.request.urlopen(server.url + "/explore/", timeout=10) as answer:
            statuses.append(answer.status)
    return statuses


def test_a_worker_over_its_memory_ceiling_is_replaced_without_a_failed_request(
    tmp_path, static_root
):
    # Any worker is over 1 MB: each is replaced after its second request.
    env = sqlite_site(
        tmp_path,
        DJANGO_STATIC_ROOT=str(static_root),
        GUNICORN_MAX_WORKER_MEMORY_MB="1",
        GUNICORN_MEMORY_CHECK_EVERY="2",
    )
    with gunicorn(tmp_path, workers=1, **env) as server:
        assert read_pages(server, 8) == [200] * 8
        assert "over 1): replacing it" in server.output()
        assert len(set(boots(server))) >= 3


def test_a_worker_within_the_default_ceiling_is_kept(tmp_path, static_root):
    env = sqlite_site(
        tmp_path, DJANGO_STATIC_ROOT=str(static_root), GUNICORN_MEMORY_CHECK_EVERY="2"
    )
    with gunicorn(tmp_path, workers=1, **env) as server:
        assert read_pages(server, 8) == [200] * 8
        assert len(boots(server)) == 1
