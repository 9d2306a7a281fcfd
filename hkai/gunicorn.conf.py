"""gunicorn settings: ``gunicorn -c hkai/gunicorn.conf.py hkai.wsgi``.

Every value can be overridden from the environment (GUNICORN_*), or on the
command line, which wins over this file. Graceful reload: ``kill -HUP`` the
master; it starts new workers and lets the old ones finish their requests.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Workers are recycled when they grow, not by a count of requests. A worker's
# boot costs about 0.65 s of CPU and its first requests rebuild what it keeps
# (the index, kept fragments, its copy of cached pages): at 20,000 requests a
# worker serving 9,000 cached hits a second restarted every ten seconds, the
# 0.5-1.5 s p99 of the cached rows in docs/performance.md. What a worker keeps
# is bounded (HKAI_PAGE_CACHE_LOCAL_*, HKAI_KEPT_*), so its memory levels off;
# one that passes GUNICORN_MAX_WORKER_MEMORY_MB (resident, checked every
# GUNICORN_MEMORY_CHECK_EVERY requests) finishes its request and is replaced,
# so a leak never takes a server down. GUNICORN_MAX_REQUESTS still recycles by
# count if set (0, gunicorn's default: never).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
max_worker_memory = int(os.environ.get("GUNICORN_MAX_WORKER_MEMORY_MB", "512"))
memory_check_every = int(os.environ.get("GUNICORN_MEMORY_CHECK_EVERY", "1000"))


def post_request(worker, req, environ, resp):
    """Every ``memory_check_every`` requests, replace this worker once it has
    grown past ``max_worker_memory`` MB resident: it stops accepting, the
    master starts another (gunicorn's own graceful path for max_requests)."""
    worker.hkai_served = getattr(worker, "hkai_served", 0) + 1
    if not max_worker_memory or worker.hkai_served % memory_check_every:
        return
    resident = _resident_mb()
    if resident > max_worker_memory:
        worker.log.warning(
            "worker %s uses %.0f MB (over %s): replacing it",
            worker.pid,
            resident,
            max_worker_memory,
        )
        worker.alive = False


def _resident_mb():
    """This process's resident memory in MB (Linux: /proc/self/statm)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


# Load the app in each worker (not the master), so a reload picks up new code.
preload_app = False

# Structured logs to stdout: access lines and errors, one JSON object each.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") != "0" else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "hkai.logs.JsonAccessLogger"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "hkai.logs.JsonFormatter"},
        "raw": {"format": "%(message)s"},  # access lines are JSON already
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json"},
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "raw",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"handlers": ["error"], "level": "WARNING"},
    "loggers": {
        f"gunicorn.{name}": {"handlers": [name], "level": "INFO", "propagate": False}
        for name in ("error", "access")
    },
}
