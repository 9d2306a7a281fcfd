"""What every browser test shares: Debian's chromium (never a downloaded
browser), the flags it needs in a closed sandbox, and the marks that let a
run select or skip browser tests (and skip them where chromium is absent)."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Flags for a browser in a closed sandbox (as root, no network beyond loopback).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARKS = [
    pytest.mark.server,
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="needs Debian's chromium: .ci/run installs it",
    ),
]
