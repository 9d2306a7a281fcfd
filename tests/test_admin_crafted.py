"""Crafted requests to the admin, from a signed-in editor: each is a 400 page
that says what was wrong (in the editor's language), never a 500 or a 503.

Parametrised over every registered model admin (ours and third-party ones:
auth, axes), read from the admin site itself, so a new admin is covered as it
is registered. The NUL tests matter on PostgreSQL (`.ci/with-services`):
SQLite accepts NUL in a query, PostgreSQL refuses it with a 500.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from hkai.adminsite.hardening import BAD_DATE
from hkai.refusals import Refused
from hkai.views import bad_request

from .factories import ArticleFactory, UserFactory
from .html import parse, text

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # beyond a 64-bit integer column
NUL = "%00"

MODELS = [m for m in apps.get_models() if admin.site.is_registered(m)]


def model_admin(model):
    return admin.site.get_model_admin(model)


def admin_url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def label(model):
    return model._meta.label_lower


def with_option(option):
    """The registered models whose admin sets ``option``."""
    return [m for m in MODELS if getattr(model_admin(m), option)]


def relation_fields(model):
    """The autocomplete foreign keys and many-to-many fields of ``model``'s admin."""
    return [
        (model, name)
        for name in model_admin(model).autocomplete_fields
        if isinstance(
            model._meta.get_field(name), models.ForeignKey | models.ManyToManyField
        )
    ]


def date_fields(model):
    return [
        (model, f.name)
        for f in model._meta.get_fields()
        if isinstance(f, models.DateField) and f.editable
    ]


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def editor_client(client, superuser):
    client.force_login(superuser)
    return client


def refused(response, message=None):
    """A 400 page, with ``message`` in its text when given."""
    assert response.status_code == 400, response.status_code
    page = text(parse(response))
    if message:
        assert message in page, page
    return page


# Date-hierarchy drill-downs -------------------------------------------------------

EXTREME_DATES = [
    {"year": 9999, "month": 12, "day": 31},
    {"year": 9999},
    {"year": 1, "month": 1, "day": 1},
    {"year": 0},
    {"year": 10000},
    {"year": 2026, "month": 13},
    {"year": 2026, "month": 2, "day": 32},
    {"year": HUGE},
    {"year": "abc"},
]


@pytest.mark.parametrize("model", with_option("date_hierarchy"), ids=label)
def test_an_impossible_date_drill_down_is_a_400(editor_client, model):
    field = model_admin(model).date_hierarchy
    for date in EXTREME_DATES:
        query = "&".join(f"{field}__{part}={value}" for part, value in date.items())
        response = editor_client.get(f"{admin_url(model, 'changelist')}?{query}")
        refused(response, "There is no such date to narrow the list to.")


@pytest.mark.parametrize("model", with_option("date_hierarchy"), ids=label)
def test_a_real_date_drill_down_still_narrows_the_list(editor_client, model):
    field = model_admin(model).date_hierarchy
    url = admin_url(model, "changelist")
    query = f"{field}__year=2026&{field}__month=2&{field}__day=28"
    assert editor_client.get(f"{url}?{query}").status_code == 200


# NUL characters in list parameters --------------------------------------------------


def list_parameters(model, user):
    """Every parameter the model's change list reads: search, ordering, each
    filter's own parameters, and the filters the change form carries back."""
    request = RequestFactory().get(admin_url(model, "changelist"))
    request.user = user
    changelist = model_admin(model).get_changelist_instance(request)
    names = ["q", "o", "_changelist_filters"]
    for spec in changelist.filter_specs:
        names += spec.expected_parameters()
    return names


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_a_nul_in_a_list_parameter_is_a_400(editor_client, superuser, model):
    url = admin_url(model, "changelist")
    for name in list_parameters(model, superuser):
        for value in (NUL, f"a{NUL}b"):
            response = editor_client.get(f"{url}?{name}={value}")
            refused(response, "null character")


def test_a_nul_in_the_autocomplete_is_a_400(editor_client):
    url = reverse("admin:autocomplete")
    query = f"app_label=articles&model_name=article&field_name=sectors&term={NUL}"
    refused(editor_client.get(f"{url}?{query}"), "null character")


def test_a_nul_in_an_admin_address_is_a_400(editor_client):
    url = admin_url(Article, "change", NUL)
    refused(editor_client.get(f"{url}?_changelist_filters={NUL}"), "null character")


def test_the_refusal_speaks_the_editors_language(rf):
    request = rf.get(admin_url(Article, "changelist"))
    with translation.override("zh-hant"):
        response = bad_request(request, Refused(BAD_DATE))
    assert "沒有這個日期" in refused(response)
    assert "前往管理後台首頁" in refused(response)


# Ids where ids are expected ---------------------------------------------------------

AUTOCOMPLETE = [pair for m in MODELS for pair in relation_fields(m)]


@pytest.mark.parametrize(
    "model, name", AUTOCOMPLETE, ids=lambda v: v if isinstance(v, str) else label(v)
)
def test_a_form_prefilled_with_no_id_is_a_400(editor_client, model, name):
    for value in ("abc", HUGE, "1,abc"):
        response = editor_client.get(f"{admin_url(model, 'add')}?{name}={value}")
        refused(response, "with a value it cannot take")


@pytest.mark.parametrize(
    "model, name", AUTOCOMPLETE, ids=lambda v: v if isinstance(v, str) else label(v)
)
def test_a_form_posted_with_no_id_shows_the_form_again(editor_client, model, name):
    for value in ("abc", HUGE, "-1"):
        response = editor_client.post(admin_url(model, "add"), {name: value})
        assert response.status_code == 200, (name, value)
        assert parse(response).select(".errorlist"), (name, value)


@pytest.mark.parametrize(
    "model, name",
    [pair for m in MODELS for pair in date_fields(m)],
    ids=lambda v: v if isinstance(v, str) else label(v),
)
def test_a_form_prefilled_with_no_date_is_a_400_and_a_date_fills_it(
    editor_client, superuser, model, name
):
    request = RequestFactory().get("/")
    request.user = superuser
    if not model_admin(model).has_add_permission(request):
        pytest.skip("made by the site, never added in the admin")
    url = admin_url(model, "add")
    refused(editor_client.get(f"{url}?{name}=abc"), "with a value it cannot take")
    assert editor_client.get(f"{url}?{name}=2026-03-01").status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_no_id_in_an_address_is_a_server_error(editor_client, model):
    for object_id in ("abc", HUGE, "-1", NUL):
        for view in ("change", "history", "delete"):
            response = editor_client.get(admin_url(model, view, object_id))
            assert response.status_code < 500, (view, object_id)


@pytest.mark.parametrize("model", MODELS, ids=label)
def test_a_bulk_action_on_no_ids_is_a_400(editor_client, model):
    response = editor_client.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": ["abc", HUGE]},
    )
    refused(response, "The selection names items that cannot exist.")


def test_a_list_edit_of_no_row_is_a_400(editor_client):
    ArticleFactory()
    response = editor_client.post(
        admin_url(Article, "changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": HUGE,
            "_save": "Save",
        },
    )
    refused(response, "The selection names items that cannot exist.")


def test_a_state_change_with_a_damaged_version_is_a_400(editor_client):
    article = ArticleFactory(status=Article.Status.DRAFT)
    url = reverse("admin:articles_article_move", args=[article.pk, "review"])
    refused(editor_client.post(url, {"seen_version": "abc"}), "This form is damaged")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_merging_tags_named_by_no_ids_merges_nothing(editor_client):
    url = reverse("admin:articles_tag_merge")
    response = editor_client.get(f"{url}?tags={HUGE}&tags=abc&keep={HUGE}")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_tag_changelist")


def test_reversions_views_with_no_ids_are_not_server_errors(editor_client):
    article = ArticleFactory()
    changelist = admin_url(Article, "changelist")
    for url in (
        f"{changelist}recover/abc/",
        f"{changelist}recover/{HUGE}/",
        f"{changelist}{article.pk}/history/abc/",
        f"{changelist}{article.pk}/history/{HUGE}/",
        f"{changelist}{HUGE}/history/{HUGE}/",
        reverse("admin:articles_article_compare", args=[article.pk])
        + f"?from=abc&to={HUGE}",
        reverse("admin:articles_article_preview", args=[HUGE]),
    ):
        assert editor_client.get(url).status_code in (302, 404), url


# Where signing in leads -------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/nowhere/",
        "//evil.example/",
        "https://evil.example/admin/",
        "javascript:alert(1)",
        "/admin/nowhere/",
        "/admin/login/",
    ],
)
def test_signing_in_with_a_bad_next_lands_on_the_admin_index(client, target):
    user = UserFactory(username="signer", is_staff=True, is_superuser=True)
    user.set_password("a long pass phrase")
    user.save()
    login = reverse("admin:login")
    page = client.get(login, {"next": target})
    assert page.status_code == 200
    response = client.post(
        f"{login}?next={target}",
        {"username": "signer", "password": "a long pass phrase", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_signing_in_with_a_good_next_goes_there(client):
    user = UserFactory(username="signer", is_staff=True, is_superuser=True)
    user.set_password("a long pass phrase")
    user.save()
    target = admin_url(Article, "changelist") + "?status__exact=draft"
    response = client.post(
        reverse("admin:login"),
        {"username": "signer", "password": "a long pass phrase", "next": target},
    )
    assert response["Location"] == target
