"""Signing in: lockouts per account and per address, unlocking, idle sessions.

The lockout tests sign in through the admin's form on real gunicorn servers,
from different loopback addresses (any of 127.0.0.0/8 reaches a server on
127.0.0.1, and the server sees each as its own client).
"""

import json
import statistics
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hkai.accounts.lockouts import client_ip

from .html import parse, text
from .servers import (
    PASSWORD,
    ROOT,
    access_log,
    admin_login,
    browser,
    fetch,
    gunicorn,
    sqlite_site,
    submit_form,
    try_login,
)

LOCKED = 429
ACCOUNTS = ["victim", "wanderer", "traveller", "sleeper", "forgetful", "reader"]
DESK_EDITOR = "desk-editor"

ADD_USERS = """
from django.contrib.auth.models import Group, User
for name in {accounts!r}:
    User.objects.create_user(name, password={password!r}, is_staff=True)
editor = User.objects.create_user({editor!r}, password={password!r}, is_staff=True)
editor.groups.add(Group.objects.get(name="Editor"))
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, static_root):
    """Two servers on one database with staff accounts: ``strict`` with the
    default limits (5 failures, 15 minutes), ``brief`` with 2 failures and a
    six-second cool-off."""
    tmp = tmp_path_factory.mktemp("accounts")
    env = sqlite_site(tmp, DJANGO_STATIC_ROOT=str(static_root))
    code = ADD_USERS.format(accounts=ACCOUNTS, editor=DESK_EDITOR, password=PASSWORD)
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    brief_limits = {
        "HKAI_LOGIN_FAILURE_LIMIT": "2",
        "HKAI_LOGIN_COOLOFF_MINUTES": "0.1",
    }
    with (
        gunicorn(tmp, workers=2, **env) as strict,
        gunicorn(tmp, workers=1, **{**env, **brief_limits}) as brief,
    ):
        yield SimpleNamespace(strict=strict, brief=brief)


def signed_in(page):
    return "Site administration" in page


def fail(base, username, source, times):
    """``times`` wrong passwords for ``username`` from ``source``: the statuses."""
    opener = browser(source)
    return [try_login(base, username, "wrong", opener)[0] for _ in range(times)]


@pytest.mark.server
def test_sixty_wrong_passwords_then_the_right_one_do_not_sign_in(site):
    base = site.strict.url
    opener = browser("127.0.1.1")
    statuses = [try_login(base, "victim", "wrong", opener)[0] for _ in range(60)]
    assert statuses == [200] * 4 + [LOCKED] * 56

    status, headers, page = try_login(base, "victim", PASSWORD, opener)
    assert status == LOCKED and not signed_in(page)
    lockout = parse(page)
    assert text(lockout.h1) == "Signing in is paused"
    assert "try again in 15 minutes" in text(lockout.main)
    assert "Ask an editor" in text(lockout.main)
    assert headers["Retry-After"] == "900"
    assert "no-store" in headers["Cache-Control"]
    assert not signed_in(fetch(base + "/admin/", opener)[2])

    # Refused before the password hasher runs: the server's own timings.
    posts = [
        entry
        for entry in access_log(site.strict)
        if (entry["method"], entry["remote_addr"]) == ("POST", "127.0.1.1")
    ]
    hashed = [e["duration_ms"] for e in posts if e["status"] == 200]
    refused = [e["duration_ms"] for e in posts if e["status"] == LOCKED][1:]
    assert statistics.median(refused) * 10 < statistics.median(hashed)


@pytest.mark.server
def test_one_address_trying_many_usernames_is_locked_out(site):
    """Made-up usernames count against the address: the fifth is refused, and
    so is a real account with its right password from that address, even if
    the client claims another address in a header nobody configured."""
    base = site.strict.url
    source = "127.0.2.1"
    statuses = [fail(base, f"made-up-{n}", source, 1)[0] for n in range(5)]
    assert statuses == [200] * 4 + [LOCKED]

    opener = browser(source)
    status, _, page = try_login(base, "wanderer", PASSWORD, opener)
    assert status == LOCKED and not signed_in(page)
    spoofed = {"X-Forwarded-For": "203.0.113.9", "X-Real-IP": "203.0.113.9"}
    opener.addheaders = list(spoofed.items())
    assert try_login(base, "wanderer", PASSWORD, opener)[0] == LOCKED

    # Another address is not affected: that account signs in from there.
    admin_login(base, "wanderer", PASSWORD, source="127.0.2.2")


@pytest.mark.server
def test_one_account_is_locked_out_whatever_the_address(site):
    base = site.strict.url
    for n in range(5):
        fail(base, "traveller", f"127.0.3.{n + 1}", 1)
    status, _, page = try_login(base, "traveller", PASSWORD, browser("127.0.3.9"))
    assert status == LOCKED and not signed_in(page)
    # Another account from another address still signs in.
    admin_login(base, DESK_EDITOR, PASSWORD, source="127.0.3.10")


@pytest.mark.server
def test_a_lockout_ends_after_the_cool_off(site):
    base = site.brief.url  # 2 failures, 6 seconds
    assert fail(base, "sleeper", "127.0.4.1", 2) == [200, LOCKED]
    locked_at = time.monotonic()
    status, _, _ = try_login(base, "sleeper", PASSWORD, browser("127.0.4.1"))
    assert status == LOCKED
    time.sleep(max(0, locked_at + 6.5 - time.monotonic()))
    admin_login(base, "sleeper", PASSWORD, source="127.0.4.1")


@pytest.mark.server
def test_an_editor_unlocks_and_the_account_signs_in_again(site):
    base = site.strict.url
    fail(base, "forgetful", "127.0.5.1", 5)
    assert try_login(base, "forgetful", PASSWORD, browser("127.0.5.1"))[0] == LOCKED

    editor = admin_login(base, DESK_EDITOR, PASSWORD, source="127.0.5.2")
    changelist = reverse("admin:axes_accessattempt_changelist") + "?q=forgetful"
    _, _, page = fetch(base + changelist, editor)
    rows = parse(page).select("#result_list input[name=_selected_action]")
    assert rows, page[:3000]
    status, _, page = submit_form(
        base,
        changelist,
        {"action": "unlock", "_selected_action": [row["value"] for row in rows]},
        editor,
        form_id="changelist-form",
    )
    assert status == 200 and "Unlocked 1 username and address." in page

    admin_login(base, "forgetful", PASSWORD, source="127.0.5.1")


@pytest.mark.server
def test_readers_never_get_a_session_cookie(site):
    """Public pages, the sign-in form, a failed sign-in and the lockout page."""
    base = site.brief.url
    opener = browser("127.0.6.1")
    answers = [
        fetch(base + path, opener)
        for path in (
            reverse("home"),
            reverse("articles:list"),
            reverse("sectors:sector_list"),
            reverse("sectors:explore"),
            reverse("articles:detail", args=["generative-ai-classrooms-exam-season"]),
            reverse("articles:tag_list"),
            reverse("feeds:site", args=["rss"]),
            reverse("admin:login"),
        )
    ]
    answers += [try_login(base, "reader", "wrong", opener) for _ in range(2)]
    assert [status for status, _, _ in answers] == [200] * 9 + [LOCKED]
    for _, headers, _ in answers:
        cookies = headers.get_all("Set-Cookie") or []
        assert not any(c.startswith("sessionid=") for c in cookies), cookies


# Without servers: who may see and lift lockouts, idle sessions, addresses.


@pytest.fixture
def lockouts(db):
    """A locked-out account and a locked-out address, as axes records them."""
    now = timezone.now()
    common = {
        "user_agent": "test",
        "attempt_time": now,
        "get_data": "",
        "post_data": "",
    }
    return [
        AccessAttempt.objects.create(
            username="victim", ip_address="192.0.2.1", failures_since_start=5, **common
        ),
        *(
            AccessAttempt.objects.create(
                username=f"made-up-{n}",
                ip_address="198.51.100.7",
                failures_since_start=1,
                **common,
            )
            for n in range(5)
        ),
    ]


def test_a_locked_out_sign_in_costs_two_reads(
    client, lockouts, django_assert_max_num_queries
):
    """Refused before the form, the password hasher and any write: axes's two
    counts (this username's failures, this address's), then the page."""
    with django_assert_max_num_queries(2) as queries:
        response = client.post(
            reverse("admin:login"),
            {"username": "someone", "password": "guess"},
            REMOTE_ADDR="198.51.100.7",
        )
    assert response.status_code == LOCKED
    assert all(q["sql"].startswith("SELECT") for q in queries.captured_queries)
    assert not AccessAttempt.objects.filter(username="someone").exists()


def test_an_author_can_neither_see_nor_lift_lockouts(client, author, lockouts):
    client.force_login(author)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert client.get(changelist).status_code == 403
    assert "Access attempts" not in client.get(reverse("admin:index")).content.decode()
    response = client.post(
        changelist,
        {"action": "unlock", "_selected_action": [a.pk for a in lockouts]},
    )
    assert response.status_code == 403
    assert AccessAttempt.objects.count() == len(lockouts)


def test_an_editor_sees_lockouts_and_lifts_them(client, editor, lockouts):
    """One row of an address locked out across usernames lifts the whole
    address; the account's row lifts the account."""
    client.force_login(editor)
    changelist = reverse("admin:axes_accessattempt_changelist")
    rows = parse(client.get(changelist)).select("#result_list tbody tr")
    locked = {
        text(row.select_one(".field-username")): text(
            row.select_one(".field-locked_out")
        )
        for row in rows
    }
    assert locked == {
        "victim": "username, address",
        **{f"made-up-{n}": "address" for n in range(5)},
    }
    client.post(
        changelist,
        {"action": "unlock", "_selected_action": [lockouts[0].pk, lockouts[1].pk]},
    )
    assert not AccessAttempt.objects.exists()


def test_an_idle_staff_session_ends_and_an_active_one_goes_on(client, editor, settings):
    settings.SESSION_COOKIE_AGE = 2
    idle = Client()
    client.force_login(editor)
    idle.force_login(editor)
    index = reverse("admin:index")
    for _ in range(4):  # 3 seconds of activity, never 2 idle
        assert client.get(index).status_code == 200
        time.sleep(1)
    assert idle.get(index).status_code == 302  # to the sign-in form
    assert client.get(index).status_code == 200
    time.sleep(2.5)
    assert client.get(index).status_code == 302


def settings_from(**env):
    """What settings.py makes of ``env``: lockout limits, idle time, and how a
    SQLite transaction begins."""
    code = (
        "import json, hkai.settings as s; print(json.dumps([s.AXES_FAILURE_LIMIT,"
        " s.AXES_COOLOFF_TIME.total_seconds(), s.SESSION_COOKIE_AGE,"
        " s.DATABASES['default'].get('OPTIONS', {}).get('transaction_mode')]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SECRET_KEY": "k", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_limits_and_idle_time_come_from_the_environment():
    # SQLite: every worker records failed sign-ins in one file; a transaction
    # waits for the write lock instead of failing with "database is locked".
    assert settings_from() == [5, 900, 7200, "IMMEDIATE"]
    assert settings_from(
        HKAI_LOGIN_FAILURE_LIMIT="3",
        HKAI_LOGIN_COOLOFF_MINUTES="30",
        HKAI_SESSION_IDLE_MINUTES="20",
        DATABASE_URL="postgres://u:p@db.internal:5432/hkai",
    ) == [3, 1800, 1200, None]


@pytest.mark.parametrize(
    ("header", "proxies", "forwarded", "expected"),
    [
        ("", 1, "203.0.113.9", "10.0.0.2"),  # not configured: REMOTE_ADDR only
        ("X-Forwarded-For", 1, "203.0.113.9", "203.0.113.9"),
        ("X-Forwarded-For", 1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        ("X-Forwarded-For", 2, "6.6.6.6, 203.0.113.9, 10.0.0.9", "203.0.113.9"),
        ("X-Forwarded-For", 2, "203.0.113.9", "10.0.0.2"),  # too few entries
        ("X-Forwarded-For", 1, "not-an-address", "10.0.0.2"),
        ("X-Forwarded-For", 1, None, "10.0.0.2"),  # not through the proxy
        ("X-Real-IP", 1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_comes_from_a_header_only_when_configured(
    rf, settings, header, proxies, forwarded, expected
):
    settings.CLIENT_IP_HEADER = header
    settings.CLIENT_IP_PROXY_COUNT = proxies
    meta = {"REMOTE_ADDR": "10.0.0.2"}
    if forwarded is not None:
        meta["HTTP_" + (header or "X-Forwarded-For").upper().replace("-", "_")] = (
            forwarded
        )
    assert client_ip(rf.post("/admin/login/", **meta)) == expected
