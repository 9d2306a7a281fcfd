"""The admin, fuzzed as an author and as an editor: every registered model's
add and change forms (their own initial data, then fields mutated), its list
with filters, search, ordering and page parameters, and its actions. No request
may get a 5xx or log a traceback, and a form sent back with errors keeps the
text that was typed (tests/fuzzing.py).

The models are read from the admin site when the tests are collected, so a
new model admin is fuzzed without editing this module.
"""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from articles.models import PreviewLink

from .factories import ArticleFactory, AuthorProfileFactory, UserFactory
from .fuzzing import Fuzzer, fuzz_settings, hostile_text, scaled
from .html import parse

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

# The add or change form (the header's logout form is a POST form too).
CHANGE_FORM = 'form[method=post][id$="_form"]'
MODELS = [m for m in apps.get_models() if admin.site.is_registered(m)]
ROLES = {"author": "Author", "editor": "Editor"}
# Generated examples (one request each) per role and model: 11 models at the
# time of writing, 13 of the 22 pairs visible, so 13 x 220 + 9 x 15 = 2,995
# requests (with tests/test_fuzz_routes.py's, over 10,000).
EXAMPLES = scaled(220)
# Where the role may not even see the list: every answer is a refusal.
REFUSED_EXAMPLES = scaled(15)

NUMBERS = ["-1", "0", "1", "2147483648", "9" * 30, "-" + "9" * 30, "1.5", "1e9", "NaN"]
DATES = ["0001-01-01", "9999-12-31", "1989-12-31", "2024-02-30", "00:00", "25:61:61"]
LIST_PARAMS = ["q", "o", "p", "e", "all", "_popup", "language", "state"]


@pytest.fixture(scope="module")
def staff(django_db_setup, django_db_blocker):
    """An author and an editor with sessions, and something in every list:
    the author's own draft and an editor's published article with tags, a
    preview link, an author profile and a failed sign-in."""
    with django_db_blocker.unblock(), transaction.atomic():
        users = {}
        for role, group in ROLES.items():
            user = UserFactory(username=f"fuzz-{role}", is_staff=True)
            user.groups.add(Group.objects.get(name=group))
            client = Client()
            client.force_login(user)
            users[role] = client.cookies["sessionid"].value
        writer = User.objects.get(username="fuzz-author")
        draft = ArticleFactory(draft=True, author=writer, tags=["robots"])
        ArticleFactory(tags=["robots", "私隱"])
        AuthorProfileFactory(user=writer, slug="fuzz-writer")
        PreviewLink.objects.create(
            article=draft, created_by=writer, expires_at=timezone.now() + timedelta(1)
        )
        AccessAttempt.objects.create(
            username="nobody",
            ip_address="127.0.0.1",
            user_agent="fuzz",
            http_accept="*/*",
            path_info="/admin/login/",
            get_data="",
            post_data="username=nobody",
            failures_since_start=5,
        )
        yield users
        transaction.set_rollback(True)


UNSENT = ("submit", "button", "file", "image")
CHOICES = ("checkbox", "radio")


def form_data(form):
    """What a browser would submit for ``form`` untouched: name -> [values]."""
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name, kind = field["name"], field.get("type", "text")
        if field.name == "textarea":
            value = field.text.removeprefix("\n")
        elif field.name == "select":
            chosen = field.select("option[selected]")
            if not chosen and not field.has_attr("multiple"):
                chosen = field.select("option")[:1]
            for option in chosen:
                data.setdefault(name, []).append(option.get("value", option.text))
            continue
        elif kind in UNSENT or (kind in CHOICES and not field.has_attr("checked")):
            continue
        else:
            value = field.get("value", "")
        data.setdefault(name, []).append(value)
    return data


def text_fields(form):
    """Names of the fields a person types free text into."""
    names = {t["name"] for t in form.select("textarea[name]")}
    for field in form.select("input[name]"):
        if field.get("type", "text") in ("text", "search", "url", "email"):
            names.add(field["name"])
    return names


def mutation(ids):
    """A value for a field: hostile text, a huge or negative number, a bad id,
    an impossible or extreme date, a bad choice, several values, or none."""
    one = st.one_of(
        hostile_text,
        st.sampled_from(NUMBERS),
        st.sampled_from(DATES),
        st.sampled_from(ids),
        st.sampled_from(["on", "off", "True", "draft", "published", "xx", ","]),
    )
    return st.one_of(st.lists(one, min_size=1, max_size=3), st.just([]))


class AdminModel:
    """What the fuzzer learned of one model's admin by opening it as a person
    would: its list (actions, filter links, an object), add and change forms."""

    def __init__(self, fuzzer, model):
        info = model._meta.app_label, model._meta.model_name
        self.list_url = reverse("admin:{}_{}_changelist".format(*info))
        self.add_url = reverse("admin:{}_{}_add".format(*info))
        self.cookies = {}
        listing = self.get(fuzzer, self.list_url)
        self.visible = listing.status_code == 200
        page = parse(listing) if self.visible else parse(b"")
        self.actions = [o["value"] for o in page.select("select[name=action] option")]
        self.filters = [
            a["href"].split("?", 1)[1]
            for a in page.select("#changelist-filter a[href*='?']")
        ]
        self.ids = [
            cb["value"] for cb in page.select("input[name=_selected_action]")
        ] or ["1"]
        change_links = [
            a["href"]
            for a in page.select("#result_list a[href]")
            if re.search(r"/[^/]+/change/$", a["href"])
        ]
        self.forms = {}
        for url in [self.add_url, *change_links[:1]]:
            response = self.get(fuzzer, url)
            form = parse(response).select_one(CHANGE_FORM)
            if response.status_code == 200 and form is not None:
                self.forms[url] = (
                    form_data(form),
                    sorted(text_fields(form)),
                    {s["name"] for s in form.select("select[data-ajax--url][name]")},
                )

    def get(self, fuzzer, url):
        response = fuzzer.request("GET", url, HTTP_COOKIE=self.cookie_header())
        if "csrftoken" in response.cookies:
            self.cookies["csrftoken"] = response.cookies["csrftoken"].value
        return response

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def token(self):
        """A CSRF token for the cookie we hold (the cookie's own secret)."""
        return self.cookies.get("csrftoken", "")


@st.composite
def form_submissions(draw, known):
    """A form's own data with a few fields changed, dropped or added (the
    inlines' management form among them), and a submit button."""
    url = draw(st.sampled_from(sorted(known.forms)))
    data, texts, autocompleted = known.forms[url]
    data = {k: list(v) for k, v in data.items()}
    names = sorted(data) + ["junk", "_selected_action", "index"]
    changed = {}
    for name in draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        # An autocomplete field re-shown with a value that is no id ("x", " ")
        # was a 500 in Django's AutocompleteSelect.optgroups (hkai/adminsite/).
        values = draw(mutation(known.ids))
        if values:
            data[name] = values
        else:
            data.pop(name, None)
        changed[name] = values
    for name in draw(st.lists(st.sampled_from(texts or ["junk"]), max_size=2)):
        data[name] = [draw(hostile_text)]
        changed[name] = data[name]
    data[draw(st.sampled_from(["_save", "_continue", "_addanother", "_saveasnew"]))] = [
        "1"
    ]
    return url, data, {n: v for n, v in changed.items() if n in texts and len(v) == 1}


@st.composite
def list_queries(draw, known):
    """The list with a filter it offers, plus search, ordering, page and
    junk parameters."""
    pairs = []
    if known.filters and draw(st.booleans()):
        pairs.append(draw(st.sampled_from(known.filters)))
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.one_of(st.sampled_from(LIST_PARAMS), hostile_text))
        value = draw(st.one_of(hostile_text, st.sampled_from(NUMBERS)))
        pairs.append(f"{as_typed(name)}={as_typed(value)}")
    return known.list_url + "?" + "&".join(pairs)


@st.composite
def action_posts(draw, known):
    """An action by its name (or a made-up one) on real, bad or no ids."""
    action = draw(st.one_of(st.sampled_from(known.actions or ["x"]), hostile_text))
    # "x" or 10**30 was a 500 in Django's own response_action (ValueError,
    # OverflowError) in every model admin, until hkai/adminsite/.
    ids = draw(
        st.lists(
            st.one_of(st.sampled_from([*known.ids, *NUMBERS]), hostile_text),
            max_size=3,
        )
    )
    data = {"action": [action], "_selected_action": ids}
    for name, values in (
        ("index", st.sampled_from(["0", "1", "-1", "x"])),
        ("select_across", st.sampled_from(["0", "1", "x"])),
        ("post", st.just("yes")),
    ):
        if draw(st.booleans()):
            data[name] = [draw(values)]
    return known.list_url, data


def as_typed(text):
    """``text`` in a query string as typed: only the delimiters escaped, so
    percent tricks (``%00``, ``%ff``, ``%zz``) reach Django as they are."""
    return re.sub(r"[&#=+]", lambda m: f"%{ord(m[0]):02X}", text)


def kept(response, changed):
    """The fields whose typed text the re-shown form does not show back."""
    form = parse(response).select_one(CHANGE_FORM)
    lost = []
    for name, (value,) in changed.items():
        field = form.select_one(f'[name="{name}"]') if form else None
        if field is None:
            continue
        shown = (
            field.text.removeprefix("\n")
            if field.name == "textarea"
            else field.get("value", "")
        )
        if newlines(shown) != newlines(value):
            lost.append((name, value, shown))
    return lost


def newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_no_admin_request_answers_a_server_error(role, model, staff):
    fuzzer = Fuzzer(session_cookie=staff[role])
    known = AdminModel(fuzzer, model)
    kinds = [list_queries(known)]
    if known.visible:
        kinds.append(action_posts(known).map(lambda r: ("POST", *r, {})))
    if known.forms:
        kinds.append(form_submissions(known).map(lambda r: ("POST", *r)))
    examples = EXAMPLES if known.visible else REFUSED_EXAMPLES

    @fuzz_settings(examples)
    @given(st.one_of(kinds[0].map(lambda url: ("GET", url, {}, {})), *kinds[1:]))
    def fuzz(request):
        method, url, data, changed = request
        with transaction.atomic():
            if method == "POST":
                data = {**data, "csrfmiddlewaretoken": [known.token()]}
                response = fuzzer.request(
                    "POST", url, data=data, HTTP_COOKIE=known.cookie_header()
                )
            else:
                response = fuzzer.request("GET", url, HTTP_COOKIE=known.cookie_header())
            transaction.set_rollback(True)
        if response.status_code == 200 and b"errornote" in response.content:
            assert not kept(response, changed), url

    fuzz()
    assert fuzzer.count >= examples
