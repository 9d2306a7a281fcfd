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
# Restart workers now and then so a slow leak never takes a server down. Not
# too often: a worker's boot costs about 0.65 s of CPU, and at 2,000 requests a
# worker restarted every few seconds under load, a third of a millisecond per
# request: more than a cache hit (docs/performance.md).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
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
