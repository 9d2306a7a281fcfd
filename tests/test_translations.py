"""Content in two languages: sectors and challenges named in each edition's
language (English where a Chinese text is missing), translations in the admin
(filters, the column, starting one), and the demo's Chinese edition."""

import feedparser
import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from articles.importing.suggestions import suggest
from articles.models import Article
from sectors.models import Challenge, Sector

from .factories import ArticleFactory, SectorFactory, UserFactory
from .html import form_fields, parse, text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


def in_language(code, name, **kwargs):
    with translation.override(code):
        return reverse(name, kwargs=kwargs)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def translate_url(article, language="zh-hant"):
    return reverse("admin:articles_article_translate", args=[article.pk, language])


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# Sector and challenge names in each edition. -----------------------------------


@pytest.fixture
def filed(sectors, challenges):
    """An English and a Chinese article on healthcare and data privacy."""
    healthcare, privacy = sectors[2], challenges[0]
    return [
        ArticleFactory(
            language=language,
            sectors=[healthcare],
            challenges=[privacy],
            tags=["triage"],
        )
        for language in ("en", "zh-hant")
    ]


# (page, how to find the healthcare name on it, and the data privacy name)
TOPIC_PAGES = [
    ("home", {}, ["nav.site-nav a", ".topic-counts a", ".card .meta a"]),
    ("sectors:sector_list", {}, [".card__title a"]),
    ("sectors:sector_detail", {"slug": "healthcare"}, ["h1", ".breadcrumbs li"]),
    ("sectors:challenge_detail", {"slug": "data-privacy"}, ["h2 a", ".card .meta a"]),
    ("sectors:explore", {}, ["table.matrix th a"]),
    ("articles:list", {}, [".card .meta a"]),
]


@pytest.mark.parametrize("name, kwargs, selectors", TOPIC_PAGES)
def test_each_edition_names_sectors_and_challenges_in_its_language(
    client, filed, name, kwargs, selectors
):
    for code, healthcare, privacy, other in [
        ("en", "Healthcare", "Data privacy", "醫療"),
        ("zh-hant", "醫療", "數據私隱", "Healthcare"),
    ]:
        page = parse(client.get(in_language(code, name, **kwargs)))
        for selector in selectors:
            assert healthcare in [text(n) for n in page.select(selector)], selector
        nav = [text(a) for a in page.select("nav.site-nav a")]
        assert healthcare in nav and privacy in nav
        assert other not in text(page.body)


def test_topic_pages_describe_themselves_in_the_editions_language(client, filed):
    page = parse(
        client.get(in_language("zh-hant", "sectors:sector_detail", slug="healthcare"))
    )
    assert text(page.select_one("title")).startswith("醫療")
    assert text(page.select_one(".lede")).startswith("醫院、診所和研究人員")
    assert "公營醫療系統" in text(page.select_one(".prose"))
    assert (
        page.select_one('meta[name="description"]')["content"]
        .strip()
        .startswith("醫院")
    )


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feeds_title_and_categorise_in_the_editions_language(client, filed, fmt):
    chinese = feedparser.parse(
        client.get(
            in_language("zh-hant", "feeds:sector", slug="healthcare", fmt=fmt)
        ).content
    )
    english = feedparser.parse(
        client.get(
            in_language("en", "feeds:sector", slug="healthcare", fmt=fmt)
        ).content
    )
    assert chinese.bozo == 0 and english.bozo == 0
    assert chinese.feed.title.endswith("醫療")
    assert english.feed.title.endswith("Healthcare")
    assert {"醫療", "數據私隱"} <= {t.term for t in chinese.entries[0].tags}
    assert {"Healthcare", "Data privacy"} <= {t.term for t in english.entries[0].tags}


def test_a_topic_without_a_chinese_text_shows_the_english_one(client, filed, sectors):
    healthcare = sectors[2]
    healthcare.name_zh_hant = None
    healthcare.summary_zh_hant = ""
    healthcare.save()
    page = parse(client.get(in_language("zh-hant", "sectors:sector_list")))
    card = next(c for c in page.select(".card") if "/healthcare/" in str(c))
    assert text(card.select_one(".card__title")) == "Healthcare"
    assert text(card.select_one("p")).startswith("Hospitals, clinics")
    detail = parse(client.get(healthcare.get_absolute_url()))
    assert text(detail.h1) == "Healthcare"
    # The other topics keep their Chinese names.
    assert "教育" in [text(a) for a in page.select("nav.site-nav a")]


def test_saving_in_chinese_leaves_a_missing_chinese_text_missing(sectors):
    """The cleaning fields must not copy the English fallback into Chinese."""
    sector = sectors[0]
    sector.name_zh_hant, sector.summary_zh_hant = None, ""
    with translation.override("zh-hant"):
        sector.save()
        assert sector.name == "Education"  # the fallback, read
    sector.refresh_from_db()
    assert (sector.name_zh_hant, sector.summary_zh_hant) == (None, "")
    assert sector.name_en == "Education"


def test_the_upgrade_gave_every_seeded_topic_both_languages(sectors, challenges):
    for topic in [*sectors, *challenges]:
        assert topic.name_en and topic.summary_en and topic.description_en, topic
        assert topic.name_zh_hant and topic.summary_zh_hant, topic
        assert topic.description_zh_hant, topic
    names = {t.slug: (t.name_en, t.name_zh_hant) for t in [*sectors, *challenges]}
    assert names["education"] == ("Education", "教育")
    assert names["smart-cities-infrastructure"] == (
        "Smart Cities & Infrastructure",
        "智慧城市及基建",
    )
    assert names["job-displacement"] == ("Job displacement", "職位流失")


def test_names_are_unique_in_each_language_and_may_be_missing(client, editor, sectors):
    SectorFactory(name="Tourism", slug="tourism")  # no Chinese name
    SectorFactory(name="Logistics", slug="logistics")  # none either: allowed
    client.force_login(editor)
    url = reverse("admin:sectors_sector_change", args=[sectors[0].pk])
    fields = dict(form_fields(parse(client.get(url)).select_one("form#sector_form")))
    assert fields["name_en"] == "Education" and fields["name_zh_hant"] == "教育"
    fields["name_zh_hant"] = "醫療"  # healthcare's
    response = client.post(url, fields)
    assert response.status_code == 200
    assert "already exists" in text(parse(response).select_one(".errorlist"))
    fields["name_zh_hant"] = ""
    assert client.post(url, fields).status_code == 302
    sectors[0].refresh_from_db()
    assert sectors[0].name_zh_hant is None


def test_the_topic_admin_shows_both_languages_and_keeps_their_history(
    client, editor, challenges
):
    privacy = challenges[0]
    client.force_login(editor)
    url = reverse("admin:sectors_challenge_change", args=[privacy.pk])
    page = parse(client.get(url))
    legends = [text(h) for h in page.select("fieldset h2, fieldset legend")]
    assert "English" in legends and "繁體中文" in legends
    for name in ("name", "summary", "description"):
        for code in ("en", "zh_hant"):
            assert page.select_one(f'[name="{name}_{code}"]'), (name, code)
    fields = dict(form_fields(page.select_one("form#challenge_form")))
    for chinese in ("資料私隱", "個人資料私隱"):
        assert client.post(url, {**fields, "name_zh_hant": chinese}).status_code == 302
    older, _newest = reversed(list(Version.objects.get_for_object(privacy)))
    assert older.field_dict["name_zh_hant"] == "資料私隱"
    assert older.field_dict["name_en"] == "Data privacy"
    # Reverting through the history page brings back both languages.
    revision_url = reverse(
        "admin:sectors_challenge_revision", args=[privacy.pk, older.pk]
    )
    form = parse(client.get(revision_url)).select_one("form#challenge_form")
    fields = dict(form_fields(form))
    assert fields["name_zh_hant"] == "資料私隱"
    assert client.post(revision_url, fields).status_code == 302
    privacy.refresh_from_db()
    assert (privacy.name_en, privacy.name_zh_hant) == ("Data privacy", "資料私隱")


def test_import_keywords_match_either_language_whatever_the_active_one():
    text_zh = "醫管局表示，醫院將引入新系統，協助醫生和病人。"
    for code in ("en", "zh-hant"):
        with translation.override(code):
            found = suggest(text_zh)
        assert [m.item.slug for m in found.sectors] == ["healthcare"], code


# Query counts per edition: tests/test_query_counts.py, every page and feed.


# Translations in the article admin. -------------------------------------------


@pytest.fixture
def pair(sectors, challenges):
    """An English article and its Chinese translation."""
    english = ArticleFactory(title="Robots in wards", slug="robots-in-wards")
    chinese = ArticleFactory(
        chinese=True,
        title="病房機械人",
        slug="病房機械人",
        translation_group=english.translation_group,
    )
    return english, chinese


def changelist_rows(client, **query):
    """``{title: the row's Translations cell}`` of the article list."""
    page = parse(client.get(CHANGELIST, query))
    return {
        text(row.select_one("th a")): row.select_one("td.field-translations")
        for row in page.select("#result_list tbody tr")
    }


def test_the_list_shows_each_articles_translations(client, editor, pair):
    english, chinese = pair
    ArticleFactory(title="Alone in English")
    client.force_login(editor)
    rows = changelist_rows(client)
    link = rows["Robots in wards"].select_one("a")
    assert (text(link), link["href"]) == ("繁體中文 ✓", change_url(chinese))
    assert link["lang"] == "zh-Hant-HK"
    back = rows["病房機械人"].select_one("a")
    assert (text(back), back["href"]) == ("English ✓", change_url(english))
    assert rows["Alone in English"].get_text().strip() == "繁體中文: missing"


def test_an_author_sees_translations_they_may_not_open_unlinked(
    client, author, other_author
):
    mine = ArticleFactory(draft=True, author=author, title="My draft")
    ArticleFactory(
        chinese=True,
        draft=True,
        author=other_author,
        translation_group=mine.translation_group,
    )
    client.force_login(author)
    cell = changelist_rows(client)["My draft"]
    assert text(cell) == "繁體中文 ✓" and cell.select_one("a") is None


def test_the_list_filters_by_language_and_by_lacking_a_translation(
    client, editor, pair
):
    ArticleFactory(title="Alone in English")
    ArticleFactory(chinese=True, title="只有中文")
    client.force_login(editor)
    assert set(changelist_rows(client, language__exact="zh-hant")) == {
        "病房機械人",
        "只有中文",
    }
    assert set(changelist_rows(client, translation="missing")) == {
        "Alone in English",
        "只有中文",
    }
    assert set(changelist_rows(client, translation="complete")) == {
        "Robots in wards",
        "病房機械人",
    }
    filters = text(parse(client.get(CHANGELIST)).select_one("#changelist-filter"))
    assert "Lacks a translation" in filters and "By language" in filters


def test_starting_a_translation_copies_the_filing_and_links_the_group(
    client, editor, sectors, challenges
):
    original = ArticleFactory(
        title="Lantau robots",
        slug="lantau-robots",
        summary="Robots on Lantau.",
        body="## Where\n\nOn Lantau.",
        sectors=[sectors[1], sectors[4]],
        challenges=[challenges[2]],
        tags=["robots", "私隱"],
    )
    client.force_login(editor)
    page = parse(client.get(change_url(original)))
    form = page.select_one(
        f'.translations-panel form[action="{translate_url(original)}"]'
    )
    assert "Start the 繁體中文 translation" in text(form)

    response = client.post(translate_url(original))
    started = Article.objects.get(language="zh-hant")
    assert response.status_code == 302
    assert response["Location"] == change_url(started)
    assert started.translation_group == original.translation_group
    assert (started.status, started.author) == (Article.Status.DRAFT, editor)
    assert (started.title, started.summary, started.body) == (
        original.title,
        original.summary,
        original.body,
    )
    assert started.slug == "lantau-robots-zh-hant"
    assert set(started.sectors.all()) == {sectors[1], sectors[4]}
    assert list(started.challenges.all()) == [challenges[2]]
    assert sorted(t.name for t in started.tags.all()) == ["robots", "私隱"]
    assert not started.is_public()
    # Logged, and kept as a revision with its tags.
    entry = LogEntry.objects.get(object_id=str(started.pk))
    assert (entry.action_flag, entry.user) == (ADDITION, editor)
    assert "繁體中文 translation of “Lantau robots”" in entry.get_change_message()
    (version,) = Version.objects.get_for_object(started)
    assert version.revision.user == editor
    assert "Lantau robots" in version.revision.comment

    # Its form says the text is still the original's, and links back.
    opened = client.get(response["Location"])
    assert any("translate its title" in m for m in messages_of(opened))
    panel = parse(opened).select_one(".translations-panel")
    assert "Still the same as the English version" in text(panel)
    assert "title, summary, body" in text(panel)
    assert panel.select_one("a")["href"] == change_url(original)
    started.title = "大嶼山機械人"
    started.save()
    panel = parse(client.get(change_url(started))).select_one(".translations-panel")
    assert "title" not in text(panel.select_one(".errornote"))
    # The original's panel links to its translation.
    panel = parse(client.get(change_url(original))).select_one(".translations-panel")
    assert panel.select_one("a")["href"] == change_url(started)
    assert "Draft" in text(panel)


def test_a_second_translation_into_a_language_is_refused(client, editor, pair):
    english, chinese = pair
    client.force_login(editor)
    response = client.post(translate_url(english), follow=True)
    assert response.redirect_chain[-1][0] == change_url(chinese)
    assert any("has a 繁體中文 translation already" in m for m in messages_of(response))
    assert Article.objects.count() == 2
    panel = parse(client.get(change_url(english))).select_one(".translations-panel")
    assert panel.select_one("form") is None  # no button: a link to it
    # Nor into its own language, nor into one the site does not have.
    assert client.post(translate_url(english, "en")).status_code == 404
    assert client.post(translate_url(english, "fr")).status_code == 404
    assert client.get(translate_url(english)).status_code == 405


def test_authors_translate_what_they_may_see(client, author, other_author, editor):
    mine = ArticleFactory(draft=True, author=author, title="Mine")
    theirs = ArticleFactory(draft=True, author=other_author, title="Theirs")
    published = ArticleFactory(author=editor, title="Not shared")
    shared = ArticleFactory(draft=True, author=editor, title="Shared")
    shared.shared_with.add(author)
    client.force_login(author)
    for article in (theirs, published):
        assert client.post(translate_url(article)).status_code == 404
    for article in (mine, shared):
        response = client.post(translate_url(article))
        assert response.status_code == 302
        started = article.translations().get()
        assert started.author == author  # the byline is theirs, who may edit it
        assert client.get(response["Location"]).status_code == 200
    # Seeing is not enough: starting one is adding an article.
    reader = UserFactory(username="reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_article"))
    own = ArticleFactory(author=reader)
    client.force_login(reader)
    assert client.post(translate_url(own)).status_code == 403


def test_the_action_starts_translations_of_the_selected_articles(client, editor, pair):
    english, _chinese = pair
    alone = ArticleFactory(title="Alone")
    client.force_login(editor)
    action = {"action": "start_translations", "index": 0}
    response = client.post(
        CHANGELIST, {**action, "_selected_action": [english.pk, alone.pk]}
    )
    started = alone.translations().get()
    assert response["Location"] == change_url(started)  # the one started
    assert english.translations().count() == 1

    more = [ArticleFactory(title=f"More {i}") for i in range(2)]
    response = client.post(
        CHANGELIST, {**action, "_selected_action": [a.pk for a in more]}, follow=True
    )
    assert any("2 translations started" in m for m in messages_of(response))
    assert all(a.translations().filter(language="zh-hant").exists() for a in more)
    response = client.post(
        CHANGELIST, {**action, "_selected_action": [english.pk]}, follow=True
    )
    assert any("have their translations" in m for m in messages_of(response))


def test_an_article_cannot_take_a_language_its_group_has(client, editor, pair, sectors):
    english, chinese = pair
    client.force_login(editor)
    fields = dict(
        form_fields(parse(client.get(change_url(chinese))).select_one("#article_form"))
    )
    assert fields["language"] == "zh-hant"
    response = client.post(change_url(chinese), {**fields, "language": "en"})
    assert response.status_code == 200
    assert "Robots in wards" in text(parse(response).select_one(".errorlist"))
    chinese.refresh_from_db()
    assert chinese.language == "zh-hant"


def test_moving_a_public_article_to_the_other_edition_refreshes_the_pages(
    client, page_cache
):
    with page_cache(execute=True):
        article = ArticleFactory(title="Which edition?")
    assert "Which edition?" in text(parse(client.get(reverse("articles:list"))))
    with page_cache(execute=True):
        article.language = "zh-hant"
        article.save()
    english = client.get(reverse("articles:list"))
    assert english["X-Cache"] == "miss"
    assert "Which edition?" not in text(parse(english))


# The demo's Chinese edition. -----------------------------------------------------


def test_the_demo_has_a_chinese_edition(client):
    call_command("load_demo")
    chinese = Article.objects.published("zh-hant")
    # Every sector and challenge the Chinese edition lists has articles in it.
    for topic in [*Sector.objects.all(), *Challenge.objects.all()]:
        assert topic.articles.published("zh-hant").exists(), topic
    pairs = [
        (a, a.translations().published("en").first()) for a in chinese.order_by("pk")
    ]
    translated = [(zh, en) for zh, en in pairs if en]
    # At least half the English demo articles have a Chinese version.
    assert 2 * len(translated) >= Article.objects.filter(language="en").count()
    assert any(en is None for _zh, en in pairs)  # written in Chinese only
    for zh, en in translated:
        assert zh.body.count("\n## ") >= 3 and "<h2>" in zh.body_html
        assert zh.title != en.title
        assert set(zh.sectors.all()) == set(en.sectors.all())
    assert chinese.filter(featured=True).exists()

    home = parse(client.get(in_language("zh-hant", "home")))
    assert home.html["lang"] == "zh-Hant-HK"
    zh, en = translated[0]
    page = parse(client.get(zh.get_absolute_url()))
    switch = page.select_one(".language-switch a")["href"]
    assert en.get_absolute_url() in switch.replace("%2F", "/")
