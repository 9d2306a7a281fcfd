"""Structured logs: one JSON object per line on stdout, for Django and gunicorn."""

import json
import logging
import os
from datetime import UTC, datetime

from gunicorn.glogging import Logger as GunicornLogger

# Attributes every LogRecord has; anything else was passed as ``extra``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name, value in vars(record).items():
            if name in _STANDARD:
                continue
            if name == "request":  # Django's request loggers pass the request
                entry["method"], entry["path"] = value.method, value.path
            else:
                entry[name] = value if _is_plain(value) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def _header(headers, name):
    """A response header's value (gunicorn keeps them as a list of pairs)."""
    return next((value for key, value in headers if key.lower() == name), None)


def _is_plain(value):
    return isinstance(value, str | int | float | bool | type(None))


class JsonAccessLogger(GunicornLogger):
    """gunicorn's access log as JSON lines (its own format string cannot
    escape quotes in paths or user agents)."""

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        entry = {
            "time": datetime.now(UTC).isoformat(),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote_addr": environ.get("REMOTE_ADDR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": resp.status_code,
            "cache": _header(resp.headers, "x-cache"),
            "worker": os.getpid(),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "referer": environ.get("HTTP_REFERER"),
        }
        self.access_log.info(json.dumps(entry, ensure_ascii=False))
