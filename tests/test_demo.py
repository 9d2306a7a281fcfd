"""The demo content and the one-command local demo."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from articles.models import Article, Tag
from hkai import demo
from sectors.models import Challenge, Sector

pytestmark = pytest.mark.django_db


def snapshot():
    return [
        (
            a.slug,
            a.title,
            a.language,
            a.translation_group,
            a.status,
            a.published_at,
            a.updated_at,
            sorted(a.tag_ids),
        )
        for a in Article.objects.order_by("slug").prefetch_related("tags")
    ]


def test_load_demo_is_idempotent(capsys):
    call_command("load_demo")
    first = snapshot()
    counts = (Article.objects.count(), Tag.objects.count())
    call_command("load_demo")
    assert snapshot() == first
    assert (Article.objects.count(), Tag.objects.count()) == counts
    assert "0 articles added" in capsys.readouterr().out


def test_demo_content_covers_the_site():
    call_command("load_demo")
    published = Article.objects.published()
    assert published.count() >= 15
    for topic in [*Sector.objects.all(), *Challenge.objects.all()]:
        assert topic.articles.published().exists(), topic
    assert published.filter(featured=True).exists()
    assert Tag.objects.filter(slug="私隱").exists()
    drafts = Article.objects.filter(status=Article.Status.DRAFT)
    scheduled = Article.objects.filter(status=Article.Status.PUBLISHED).exclude(
        pk__in=published
    )
    assert drafts.count() == 1 and scheduled.count() == 1


def test_demo_content_has_both_editions():
    """Every sector and challenge has Chinese articles too; translations share
    their original's group and filing."""
    call_command("load_demo")
    for topic in [*Sector.objects.all(), *Challenge.objects.all()]:
        for language in ("en", "zh-hant"):
            assert topic.articles.published(language).exists(), (topic, language)
    chinese = Article.objects.published("zh-hant")
    translations = [a for a in chinese if a.translations().exists()]
    assert len(translations) >= 5 and len(translations) < chinese.count()
    for article in translations:
        original = article.translations().get()
        assert original.language == "en" and original.is_public()
        assert article.sector_ids == original.sector_ids
        assert article.challenge_ids == original.challenge_ids


def test_demo_leaves_a_translation_an_editor_made_alone(capsys):
    """A second run adds the demo's translations only where none exists."""
    call_command("load_demo")
    original = Article.objects.get(slug="generative-ai-classrooms-exam-season")
    original.translations().delete()
    own = Article.objects.create(
        title="編輯部自己的譯本",
        slug="編輯部譯本",
        summary="另一個譯本。",
        body="正文。",
        author=original.author,
        language="zh-hant",
        translation_group=original.translation_group,
    )
    call_command("load_demo")
    assert list(original.translations()) == [own]
    assert "0 articles added" in capsys.readouterr().out.splitlines()[-1]


def test_demo_editor_gets_a_fresh_working_password_each_run(rf):
    first = demo.reset_demo_editor()
    second = demo.reset_demo_editor()
    assert first != second
    # django-axes counts sign-ins per request: authenticate() needs one.
    sign_in = rf.post("/admin/login/")
    assert authenticate(sign_in, username=demo.DEMO_USERNAME, password=first) is None
    user = authenticate(sign_in, username=demo.DEMO_USERNAME, password=second)
    assert user is not None and user.is_staff
    assert user.has_perm("articles.publish_article")


def test_demo_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(demo, "VAR_DIR", tmp_path / "var")
    key = demo.secret_key()
    assert len(key) >= 50
    assert demo.secret_key() == key
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
