"""Importing an article: a pasted or Markdown file becomes a repaired draft,
from ``manage.py import_article`` or the admin; bad files leave nothing."""

import codecs
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from reversion.models import Version

from articles.importing import ImportRefused, read_article
from articles.models import Article
from articles.text import render_markdown
from hkai.pagecache.models import ContentVersion
from sectors.models import Challenge, Sector

from .factories import ArticleFactory, UserFactory
from .html import parse, text

FIXTURES = Path(__file__).parent / "fixtures" / "import"
PASTED = FIXTURES / "pasted-article.txt"
IMPORT = reverse("admin:articles_article_import")
PASTED_HEADINGS = [
    "Healthcare Revolution",
    "The Numbers Behind the Pilot",
    "Privacy and Patients",
]
# Files that must not become an article, and what the editor is told.
BAD_FILES = [
    ("empty.txt", "The file is empty."),
    ("binary.txt", "This is a PNG image file, not text."),
    ("big5.txt", "The file is not in UTF-8"),
]
BAD_BYTES = [
    (b" \n\xc2\xa0\n\t\n", "The text is empty"),
    (b"Only a title\n\n", "There is a title (“Only a title”)"),
    (b"Some\x00text\x00", "This is not a text file"),
    (b"x" * 250 + b"\n\nBody.", "has 250 characters (at most 200)"),
]


def read(name, **options):
    return read_article((FIXTURES / name).read_bytes(), filename=name, **options)


def rendered(imported):
    return parse(render_markdown(imported.body))


def headings(page):
    return [text(h) for h in page.find_all("h2")]


# Reading: plain text in the pasted-article shape. -----------------------------


def test_a_pasted_article_becomes_markdown_with_headings():
    imported = read("pasted-article.txt")
    assert imported.title == "Hong Kong’s Hospitals Bet on AI"
    assert not imported.was_markdown
    page = rendered(imported)
    assert headings(page) == PASTED_HEADINGS
    paragraphs = [text(p) for p in page.find_all("p")]
    assert len(paragraphs) == 5
    assert paragraphs[0] == "By Observatory Staff · 3 March 2025"
    assert paragraphs[1].startswith("Hong Kong’s public hospitals are testing")
    assert paragraphs[1].endswith("will reach every cluster by 2026.")


def test_mojibake_non_breaking_spaces_and_link_debris_are_repaired():
    imported = read("pasted-article.txt")
    stored = imported.title + imported.body
    for damage in ["â€", "Ã", "\xa0", "[1]", "[2]", "Click here", "new window"]:
        assert damage not in stored
    assert "http://" not in stored and "Read more" not in stored
    assert "“It does not replace the radiologist,” said Dr Chan" in imported.body
    assert "the hospital café now shows" in imported.body
    assert "a second radiologist’s reading" in imported.body
    assert "within minutes" in imported.body and "12,000 scans" in imported.body


def test_each_kind_of_repair_is_reported_with_examples():
    mojibake, spaces, debris = read("pasted-article.txt").repairs
    assert mojibake.startswith("Repaired 6 garbled words (mojibake")
    assert "“Kongâ€™s” → “Kong’s”" in mojibake
    assert spaces == "Replaced 5 non-breaking spaces with ordinary spaces."
    assert debris.startswith("Removed 5 pieces of link debris: “[1]”, “[2]”")
    assert "“Click here to read the full report (opens in a new window)”" in debris


def test_the_summary_is_the_first_paragraph_that_is_a_sentence():
    """The byline under the title is passed over."""
    imported = read("pasted-article.txt")
    assert imported.summary.startswith("Hong Kong’s public hospitals are testing")
    assert imported.summary.endswith("by 2026.")


def test_a_long_summary_is_cut_at_a_word_boundary():
    words = " ".join(f"word{n}" for n in range(100))
    imported = read_article(f"Title\n\n{words}.\n")
    assert len(imported.summary) <= 300
    assert imported.summary.endswith("…")
    assert imported.summary[:-1].split()[-1] in words.split()


def test_a_chinese_article_keeps_its_punctuation_and_gets_headings():
    imported = read("chinese-article.txt")
    assert imported.title == "香港公立醫院引入人工智能診斷"
    page = rendered(imported)
    assert headings(page) == ["醫療新時代", "私隱保障"]
    first = text(page.find("p"))
    # Indenting ideographic spaces go; full-width punctuation stays.
    assert first.startswith("醫院管理局表示，全港公立醫院")
    assert "香港大學的研究人員" in first  # was "é¦™æ¸¯大學"
    assert imported.summary == first
    assert "“…時間。é¦™æ¸¯大學的…” → “…時間。香港大學的…”" in imported.repairs[0]


def test_utf16_and_a_utf8_byte_order_mark_are_read():
    utf16 = read("utf16-article.txt")
    assert utf16.title == "香港公立醫院引入人工智能診斷"
    assert utf16.repairs[0] == "Read the file as UTF-16."
    assert utf16.body == read("chinese-article.txt").body
    with_bom = read_article(codecs.BOM_UTF8 + PASTED.read_bytes())
    assert with_bom.title == "Hong Kong’s Hospitals Bet on AI"


def test_text_pasted_in_a_browser_reads_the_same():
    """Browsers send a textarea's lines ending in CR LF."""
    pasted = PASTED.read_text(encoding="utf-8")
    assert read_article(pasted.replace("\n", "\r\n")) == read_article(pasted)


def test_a_markdown_file_is_kept_as_written():
    imported = read("markdown-article.md")
    assert imported.was_markdown
    assert imported.title == "AI Tutors Arrive in Hong Kong Classrooms"
    page = rendered(imported)
    assert headings(page) == ["What students see", "What teachers worry about"]
    assert [text(li) for li in page.select("ul li")][0] == (
        "A chat window beside each exercise"
    )
    # A reference link, code and entities in code are Markdown, not debris.
    assert page.find("a", string="survey")["href"] == "https://www.edb.gov.hk/survey"
    assert "tutor.ask(question)[1]" in text(page.find("pre"))
    assert "`&lt;hint&gt;`" in imported.body
    assert "school café hosts" in imported.body and "\xa0" not in imported.body
    assert imported.summary.startswith("Three secondary schools in Sha Tin")
    assert "**" not in imported.summary and "](" not in imported.summary


def test_a_markdown_level_one_heading_in_the_body_moves_down_a_level():
    imported = read_article("# Title\n\nIntro.\n\n# Part one\n\nText.\n\n## Detail\n")
    assert "## Part one" in imported.body and "### Detail" in imported.body


@pytest.mark.parametrize(
    "source, filename, markdown",
    [
        ("Title\n\n## A heading\n\nText.", "", True),
        ("Title\n\nSee [the report](https://example.com).", "", True),
        ("Title\n\nPlain text.", "notes.md", True),
        ("Title\n\nPlain text with a list:\n\n- one\n- two", "", False),
        ("Title\n\n#1 in Asia, the *best* ranking.", "notes.txt", False),
    ],
)
def test_markdown_is_recognised_by_its_name_or_its_signs(source, filename, markdown):
    assert read_article(source, filename=filename).was_markdown is markdown


def test_the_format_can_be_forced():
    source = "Title\n\nIntro paragraph.\n\nSection One:\n\nMore text."
    assert "## Section One" in read_article(source, format="plain").body
    assert "## Section One" not in read_article(source, format="markdown").body


def test_a_colon_line_before_a_list_is_not_a_heading():
    page = rendered(
        read_article("Title\n\nIntro.\n\nThe report found:\n• one\n• two\n\nEnd.")
    )
    assert headings(page) == []
    assert [text(li) for li in page.select("ul li")] == ["one", "two"]


def test_a_run_of_short_title_case_lines_is_not_a_run_of_headings():
    source = "Title\n\nThe panel:\nJohn Smith\nMary Lee\nPeter Chan\nThey spoke.\n"
    assert "## John Smith" not in read_article(source).body


def test_text_wrapped_at_a_fixed_width_is_joined_into_paragraphs():
    source = (
        "A Wrapped Article\n\n"
        "Hong Kong's hospitals are testing software that reads\n"
        "chest X-rays and flags the urgent ones for a doctor\n"
        "to look at first.\n\n"
        "The pilot runs in three hospitals, and the authority\n"
        "plans to extend it next year.\n"
    )
    paragraphs = [text(p) for p in rendered(read_article(source)).find_all("p")]
    assert paragraphs == [
        "Hong Kong's hospitals are testing software that reads chest X-rays and "
        "flags the urgent ones for a doctor to look at first.",
        "The pilot runs in three hospitals, and the authority plans to extend it "
        "next year.",
    ]


def test_debris_removal_is_conservative():
    long_click = "Click here to " + "see " * 40 + "the report."
    kept = [
        "The full report is at https://www.pcpd.org.hk/report.",
        "Use `values[1]` in code.",
        "[1] Hospital Authority, annual report.",
        "Read more about the pilot in the authority's report.",
        "The http: and https: schemes differ.",
        long_click,
    ]
    imported = read_article("Title\n\n" + "\n\n".join(kept))
    assert imported.body == "\n\n".join(kept)
    assert imported.repairs == []


@pytest.mark.parametrize("name, message", BAD_FILES)
def test_a_bad_file_is_refused_with_a_clear_message(name, message):
    with pytest.raises(ImportRefused, match=message):
        read(name)


@pytest.mark.parametrize("data, message", BAD_BYTES)
def test_text_that_cannot_be_an_article_is_refused(data, message):
    with pytest.raises(ImportRefused) as refused:
        read_article(data)
    assert message in str(refused.value)


# The command. -----------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(username="chief", is_superuser=True, is_staff=True)


def run(path, *options):
    out = StringIO()
    call_command("import_article", str(path), *options, stdout=out)
    return out.getvalue()


def test_the_command_imports_a_draft_and_says_what_it_did(superuser, sectors):
    output = run(PASTED)
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and article.published_at is None
    assert article not in Article.objects.published()
    assert article.author == superuser
    assert article.slug == "hong-kongs-hospitals-bet-on-ai"
    assert headings(parse(article.body_html)) == PASTED_HEADINGS
    assert reverse("admin:articles_article_change", args=[article.pk]) in output
    assert "Repaired 6 garbled words" in output
    assert "Replaced 5 non-breaking spaces" in output
    assert "Removed 5 pieces of link debris" in output
    assert "Suggestions (not applied" in output
    assert "Sectors: Healthcare (hospital ×7, patient ×3, clinic ×2)" in output
    assert "Challenges: Data privacy (privacy ×3)" in output
    # Suggested, not applied.
    assert not article.sectors.exists() and not article.challenges.exists()


def test_suggestions_are_applied_only_with_the_flag(superuser, sectors):
    ArticleFactory(tags=["X-ray", "Queen Mary Hospital", "robots"])
    output = run(PASTED, "--apply-suggestions")
    assert "Tags: Queen Mary Hospital ×1; X-ray ×1" in output
    assert "Suggestions (applied)" in output
    article = Article.objects.get(title="Hong Kong’s Hospitals Bet on AI")
    assert [s.slug for s in article.sectors.all()] == ["healthcare"]
    assert [c.slug for c in article.challenges.all()] == ["data-privacy"]
    assert sorted(t.name for t in article.tags.all()) == [
        "Queen Mary Hospital",
        "X-ray",
    ]


def test_a_chinese_article_is_suggested_by_chinese_keywords(superuser, sectors):
    run(FIXTURES / "chinese-article.txt", "--apply-suggestions")
    article = Article.objects.get()
    assert article.slug == "香港公立醫院引入人工智能診斷"
    assert [s.slug for s in article.sectors.all()] == ["healthcare"]
    assert [c.slug for c in article.challenges.all()] == ["data-privacy"]


def test_filing_is_given_by_slug_or_name_and_author_by_username(author, sectors):
    ArticleFactory(tags=["私隱"])
    run(
        PASTED,
        "--sector=fintech",
        "--sector=Education",
        "--challenge=job displacement",
        "--tag=私隱",
        "--author=author",
    )
    article = Article.objects.get(author=author)
    assert sorted(s.slug for s in article.sectors.all()) == ["education", "fintech"]
    assert [c.slug for c in article.challenges.all()] == ["job-displacement"]
    assert [t.name for t in article.tags.all()] == ["私隱"]


def test_keywords_editors_change_change_the_suggestions(superuser, sectors):
    Sector.objects.filter(slug="fintech").update(keywords="HK$, scan")
    Challenge.objects.filter(slug="data-privacy").update(keywords="")
    output = run(PASTED)
    assert "FinTech (scan ×3, HK$ ×2)" in output
    assert "Data privacy" not in output


def test_the_migration_seeds_keywords_in_english_and_chinese(db):
    healthcare = Sector.objects.get(slug="healthcare")
    assert {"hospital", "patient", "醫療", "醫院"} <= {
        word.strip() for word in healthcare.keywords.split(",")
    }
    assert all(topic.keywords for topic in Sector.objects.all())
    assert all(topic.keywords for topic in Challenge.objects.all())


def test_the_same_title_twice_gets_a_new_slug(superuser):
    run(PASTED)
    run(PASTED)
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "hong-kongs-hospitals-bet-on-ai",
        "hong-kongs-hospitals-bet-on-ai-2",
    ]


@pytest.mark.parametrize("name, message", BAD_FILES)
def test_the_command_refuses_a_bad_file_and_leaves_nothing(superuser, name, message):
    with pytest.raises(CommandError, match=message):
        run(FIXTURES / name)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "options, message",
    [
        (["--sector=shipping"], "There is no sector “shipping”. Known: education,"),
        (["--challenge=climate"], "There is no challenge “climate”."),
        (["--tag=unheard-of"], "There is no tag “unheard-of”."),
        (["--author=nobody"], "There is no user “nobody”."),
    ],
)
def test_an_unknown_filing_or_author_is_an_error(superuser, options, message):
    with pytest.raises(CommandError, match=message):
        run(PASTED, "--apply-suggestions", *options)
    assert not Article.objects.exists()


def test_without_a_superuser_the_author_must_be_given(db):
    with pytest.raises(CommandError, match="give --author USERNAME"):
        run(PASTED)
    with pytest.raises(CommandError, match="No such file"):
        run(FIXTURES / "missing.txt", "--author=nobody")
    assert not Article.objects.exists()


def test_importing_a_draft_changes_nothing_public(superuser, page_cache):
    ArticleFactory(tags=["X-ray"])
    version = ContentVersion.objects.current()
    with page_cache(execute=True):
        run(PASTED, "--apply-suggestions")
    assert ContentVersion.objects.current() == version


# The admin. -------------------------------------------------------------------


def messages_shown(response):
    return [text(li) for li in parse(response).select(".messagelist li")]


def errors(response):
    return " ".join(text(e) for e in parse(response).select(".errorlist"))


def test_the_article_list_links_to_the_import(client, author):
    client.force_login(author)
    page = client.get(reverse("admin:articles_article_changelist"))
    assert text(parse(page).find("a", href=IMPORT)) == "Import an article"


def test_an_author_uploads_a_file_and_gets_their_draft(client, author, sectors):
    client.force_login(author)
    with PASTED.open("rb") as upload:
        response = client.post(IMPORT, {"file": upload, "format": "auto"})
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:articles_article_preview", args=[article.pk]
    )  # the import ends in the preview, which leads back to the form
    preview = parse(client.get(response["Location"]))
    assert text(preview.select_one("main h1")) == "Hong Kong’s Hospitals Bet on AI"
    back = preview.select_one(".preview-banner a")["href"]
    assert back == reverse("admin:articles_article_change", args=[article.pk])
    assert (article.author, article.status) == (author, Article.Status.DRAFT)
    assert headings(parse(article.body_html)) == PASTED_HEADINGS
    assert not article.sectors.exists()
    (version,) = Version.objects.get_for_object(article)  # history starts here
    assert (version.revision.user, version.revision.comment) == (author, "Imported")
    shown = messages_shown(client.get(back))
    assert shown[0].startswith("“Hong Kong’s Hospitals Bet on AI” was imported")
    assert any(m.startswith("Repaired 6 garbled words") for m in shown)
    assert any(
        m.startswith("Suggested (not applied): Sectors: Healthcare") for m in shown
    )


def test_an_editor_pastes_text_and_files_it_under_the_suggestions(
    client, editor, sectors
):
    client.force_login(editor)
    response = client.post(
        IMPORT,
        {
            "text": (FIXTURES / "chinese-article.txt").read_text(encoding="utf-8"),
            "format": "auto",
            "apply_suggestions": "on",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.author, article.status) == (editor, Article.Status.DRAFT)
    assert headings(parse(article.body_html)) == ["醫療新時代", "私隱保障"]
    assert [s.slug for s in article.sectors.all()] == ["healthcare"]
    change = reverse("admin:articles_article_change", args=[article.pk])
    shown = messages_shown(client.get(change))
    assert any(m.startswith("Filed under the suggestions:") for m in shown)


@pytest.mark.parametrize("name, message", BAD_FILES)
def test_a_bad_upload_is_a_form_error(client, author, name, message):
    client.force_login(author)
    with (FIXTURES / name).open("rb") as upload:
        response = client.post(IMPORT, {"file": upload, "format": "auto"})
    assert response.status_code == 200
    assert message in errors(response)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"text": "  \n"}, "Choose a file to upload, or paste the article's text."),
        ({"text": "Only a title"}, "There is a title (“Only a title”)"),
        ({"file": ("scan.png", b"\x89PNG\r\n")}, "File extension “png” is not"),
        (
            {"file": ("a.txt", b"Title\n\nText."), "text": "Title\n\nText."},
            "Upload a file or paste text, not both.",
        ),
    ],
)
def test_what_cannot_be_imported_is_a_form_error(client, author, data, message):
    client.force_login(author)
    if "file" in data:
        data = {**data, "file": SimpleUploadedFile(*data["file"])}
    response = client.post(IMPORT, {"format": "auto", **data})
    assert response.status_code == 200
    assert message in errors(response)
    assert not Article.objects.exists()


def test_the_import_needs_a_login_and_the_add_permission(client, db):
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    reader = UserFactory(username="reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(reader)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"text": "Title\n\nText."}).status_code == 403
    page = client.get(reverse("admin:articles_article_changelist"))
    assert parse(page).find("a", href=IMPORT) is None
    assert not Article.objects.exists()


def test_the_import_page_shows_its_form(client, author):
    client.force_login(author)
    page = parse(client.get(IMPORT))
    assert text(page.find("h1")) == "Import an article"
    form = page.find("form", enctype="multipart/form-data")
    assert {f.get("name") for f in form.find_all(["input", "textarea", "select"])} >= {
        "file",
        "text",
        "format",
        "apply_suggestions",
    }


def test_editors_see_and_edit_a_topics_keywords(client, editor):
    client.force_login(editor)
    healthcare = Sector.objects.get(slug="healthcare")
    page = client.get(reverse("admin:sectors_sector_change", args=[healthcare.pk]))
    field = parse(page).find("textarea", attrs={"name": "keywords"})
    assert "醫院" in field.string
