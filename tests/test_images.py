"""Hero images: uploaded through the article form, refused with a reason when
they are no good, turned once into WebP and JPEG renditions (upright, without
metadata), shown on cards and the article page with srcset, served with
forever caching, and cleaned up when replaced without losing history."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from articles.models import Article, Tag

from .factories import ArticleFactory, AuthorProfileFactory, article_form
from .html import form_fields, parse, select_one, text
from .test_query_counts import QUERIES, _pages

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploads and renditions go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def image_bytes(size=(2000, 1000), fmt="JPEG", mode="RGB", color="teal", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(content=None, name="harbour.jpg"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content)


def stored_files(media):
    """Every file in the media storage, relative names."""
    if not media.exists():
        return set()
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def with_image(content=None, name="harbour.jpg", **kwargs):
    """A published article saved with a hero image, as the demo or a shell would."""
    return ArticleFactory(
        hero_image=upload(content, name), hero_alt="Boats in the harbour", **kwargs
    )


def renditions(article):
    return {
        (r["format"], r["width"], r["height"])
        for r in article.hero_renditions["renditions"]
    }


def errors(response):
    return " ".join(text(e) for e in parse(response).select(".errorlist, .errornote"))


# Renditions. ---------------------------------------------------------------------


def test_an_upload_through_the_admin_gets_webp_and_jpeg_at_three_widths(
    client, editor, sectors, media
):
    client.force_login(editor)
    response = client.post(
        ADD,
        article_form(
            sectors,
            author=editor.pk,
            hero_image=upload(),
            hero_alt="Boats in the harbour",
        ),
    )
    assert response.status_code == 302, errors(response)
    article = Article.objects.get()
    assert renditions(article) == {
        (fmt, width, width // 2)
        for fmt in ("webp", "jpg")
        for width in (480, 960, 1600)
    }
    for r in article.hero_renditions["renditions"]:
        with default_storage.open(r["name"]) as file, Image.open(file) as image:
            assert image.format == {"webp": "WEBP", "jpg": "JPEG"}[r["format"]]
            assert image.size == (r["width"], r["height"])
        # next to the original, named by its content
        assert r["name"].startswith(article.hero_image.name.rsplit(".", 1)[0] + ".")
    assert len(stored_files(media)) == 1 + 6


def test_renditions_are_made_once_not_on_every_save_or_request(client, media):
    article = with_image()
    files = {name: (media / name).stat().st_mtime_ns for name in stored_files(media)}
    made = article.hero_renditions

    article.title = "A new title"
    article.save()
    Article.objects.get(pk=article.pk).save()
    client.get(article.get_absolute_url())
    client.get(reverse("home"))

    article.refresh_from_db()
    assert article.hero_renditions == made
    assert {n: (media / n).stat().st_mtime_ns for n in stored_files(media)} == files


def test_a_small_image_is_never_enlarged():
    article = with_image(image_bytes((600, 400), "PNG"), "chart.png")
    assert renditions(article) == {
        (fmt, w, h) for fmt in ("webp", "jpg") for w, h in ((480, 320), (600, 400))
    }


def test_renditions_are_upright_and_carry_no_metadata(media):
    """A phone photo taken sideways, with its GPS position: readers get it the
    right way up, and nobody learns where it was taken."""
    picture = Image.new("RGB", (300, 200), "blue")
    picture.paste((255, 0, 0), (0, 0, 150, 200))  # left half red, as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to show"
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (22.0, 17.0, 0.0)  # GPS latitude
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, quality=95)

    article = with_image(buffer.getvalue())

    assert renditions(article) == {("webp", 200, 300), ("jpg", 200, 300)}
    for r in article.hero_renditions["renditions"]:
        with default_storage.open(r["name"]) as file, Image.open(file) as image:
            assert not image.getexif()
            assert not {"exif", "xmp", "comment"} & set(image.info)
            red, green, blue = image.convert("RGB").getpixel((100, 50))
            assert red > 200 and blue < 60  # the left half is now the top
    with default_storage.open(article.hero_image.name) as original:
        assert Image.open(original).getexif()[0x010F] == "PhoneMaker"  # archived


def test_a_gif_shows_its_first_frame_and_transparency_becomes_white():
    frames = [Image.new("RGB", (100, 50), c) for c in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:])
    gif = with_image(buffer.getvalue(), "animated.gif")
    clear = with_image(image_bytes((100, 50), "PNG", "RGBA", (0, 0, 0, 0)), "a.png")

    def first_pixel(article, fmt):
        [r] = [r for r in article.hero_renditions["renditions"] if r["format"] == fmt]
        with default_storage.open(r["name"]) as file, Image.open(file) as image:
            return image.convert("RGBA").getpixel((10, 10))

    assert first_pixel(gif, "jpg")[:3] == pytest.approx((254, 0, 0), abs=3)
    assert first_pixel(clear, "jpg")[:3] == (255, 255, 255)
    assert first_pixel(clear, "webp")[3] == 0  # WebP keeps it transparent


# What readers see. -------------------------------------------------------------


def _srcset_widths(srcset):
    return [int(item.split()[1].rstrip("w")) for item in srcset.split(",")]


def test_cards_show_a_lazy_picture_with_webp_and_jpeg_sources(client):
    article = with_image(featured=True)
    ArticleFactory(title="No picture here")

    for url in (reverse("home"), reverse("articles:list")):
        page = parse(client.get(url))
        card = select_one(page, f'.card:has(a[href="{article.get_absolute_url()}"])')
        source = card.select_one("picture source")
        img = card.select_one("picture img")
        assert source["type"] == "image/webp"
        assert _srcset_widths(source["srcset"]) == [480, 960, 1600]
        assert all(".webp" in s for s in source["srcset"].split(","))
        assert _srcset_widths(img["srcset"]) == [480, 960, 1600]
        assert img["src"].endswith(".960w.jpg")
        assert (img["width"], img["height"]) == ("960", "480")
        assert img["sizes"] == source["sizes"] == "(min-width: 48rem) 24rem, 100vw"
        assert img["loading"] == "lazy"
        assert img["alt"] == "Boats in the harbour"
        plain = select_one(page, '.card:has(a:-soup-contains("No picture here"))')
        assert plain.select("picture") == []


def test_the_article_page_loads_its_picture_first(client):
    article = with_image()
    img = select_one(client.get(article.get_absolute_url()), "article header img")
    assert img["loading"] == "eager"
    assert img["fetchpriority"] == "high"
    assert img["alt"] == "Boats in the harbour"
    assert img["sizes"] == "(min-width: 44rem) 42rem, 100vw"
    assert _srcset_widths(img["srcset"]) == [480, 960, 1600]


def test_renditions_are_served_to_be_cached_forever_and_originals_are_not(client):
    article = with_image()
    for r in article.hero_renditions["renditions"]:
        url = default_storage.url(r["name"])
        response = client.get(url)
        assert response.status_code == 200
        assert (
            response["Content-Type"]
            == f"image/{'jpeg' if r['format'] == 'jpg' else 'webp'}"
        )
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"
        assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (
            r["width"],
            r["height"],
        )
    # The original keeps its metadata: it is never served.
    name = article.hero_image.name
    for path in (name, f"../{name}", name.replace("harbour", "x.0123456789ab.480w")):
        assert client.get(f"/media/{path}").status_code == 404


# Bad uploads are form errors. -----------------------------------------------------


def _truncated_jpeg():
    whole = image_bytes((800, 600), quality=95)
    return whole[: len(whole) // 2]


def _bomb():
    """100 million pixels in a few kilobytes: more than Pillow itself allows."""
    return image_bytes((10_000, 10_000), "PNG", "1", 0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "notes.jpg",
            b"Meeting notes, not a photo.\n" * 20,
            "This file is not an image the site can read.",
        ),
        (
            "cut.jpg",
            _truncated_jpeg(),
            "This image is damaged or incomplete",
        ),
        (
            "scan.tiff",
            image_bytes((50, 50), "TIFF"),
            "TIFF images are not accepted.",
        ),
        (
            "huge.png",
            image_bytes((7000, 7000), "PNG", "1", 0),
            "This image is 7000 × 7000 pixels; images may have at most 40 million",
        ),
        (
            "bomb.png",
            _bomb(),
            "This image has far too many pixels to be opened safely; images may have "
            "at most 40 million pixels.",
        ),
    ],
    ids=["text renamed .jpg", "truncated", "TIFF", "too many pixels", "bomb"],
)
def test_a_bad_upload_is_a_form_error(
    client, editor, sectors, media, name, content, message
):
    client.force_login(editor)
    response = client.post(
        ADD,
        article_form(
            sectors,
            author=editor.pk,
            hero_image=SimpleUploadedFile(name, content),
            hero_alt="Something",
        ),
    )
    assert response.status_code == 200
    assert message in errors(response)
    assert not Article.objects.exists()
    assert stored_files(media) == set()


def test_a_file_too_large_is_a_form_error(client, editor, sectors, settings, media):
    settings.MAX_IMAGE_BYTES = 10 * 1024
    client.force_login(editor)
    response = client.post(
        ADD,
        article_form(
            sectors,
            author=editor.pk,
            hero_image=upload(image_bytes((2000, 2000), quality=100)),
            hero_alt="Something",
        ),
    )
    assert response.status_code == 200
    assert "images may be at most 10.0 KB" in errors(response)
    assert stored_files(media) == set()


def test_an_image_needs_a_description(client, editor, sectors, media):
    client.force_login(editor)
    response = client.post(
        ADD, article_form(sectors, author=editor.pk, hero_image=upload())
    )
    assert response.status_code == 200
    assert "Describe the image for readers who cannot see it." in errors(response)
    assert stored_files(media) == set()


def test_an_upload_in_a_refused_concurrent_save_stores_nothing(
    editor, other_editor, media
):
    """The no-lost-updates check still wins: the second editor's save, image
    and all, is refused, and nothing of it is kept."""
    article = ArticleFactory(title="Original")
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other_editor)
    forms = [
        dict(form_fields(parse(c.get(change_url(article))).select_one("#article_form")))
        for c in (first, second)
    ]
    assert (
        first.post(change_url(article), {**forms[0], "title": "Mine"}).status_code
        == 302
    )

    refused = second.post(
        change_url(article),
        {**forms[1], "hero_image": upload(), "hero_alt": "Late picture"},
    )
    assert refused.status_code == 200
    assert "after you opened it" in errors(refused)
    article.refresh_from_db()
    assert not article.hero_image
    assert stored_files(media) == set()


# Replacing, clearing, deleting, history. -----------------------------------------


def _rendition_names(article):
    return {r["name"] for r in article.hero_renditions["renditions"]}


def test_replacing_an_image_removes_the_old_renditions_but_keeps_the_original(
    client, editor, media, django_capture_on_commit_callbacks
):
    article = with_image()
    old_original, old = article.hero_image.name, _rendition_names(article)
    client.force_login(editor)
    form = dict(
        form_fields(parse(client.get(change_url(article))).select_one("#article_form"))
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(article),
            {
                **form,
                "hero_image": upload(image_bytes(color="orange"), "sunset.jpg"),
                "hero_alt": "Sunset over Lantau",
            },
        )
    assert response.status_code == 302, errors(response)

    article.refresh_from_db()
    assert "sunset" in article.hero_image.name
    assert stored_files(media) == {
        old_original,
        article.hero_image.name,
        *_rendition_names(article),
    }
    assert not old & stored_files(media)


def test_clearing_or_deleting_keeps_originals_for_history(
    client, editor, media, django_capture_on_commit_callbacks
):
    cleared, deleted = with_image(), with_image(name="other.jpg")
    originals = {cleared.hero_image.name, deleted.hero_image.name}
    client.force_login(editor)
    form = dict(
        form_fields(parse(client.get(change_url(cleared))).select_one("#article_form"))
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(change_url(cleared), {**form, "hero_image-clear": "on"})
        deleted.delete()

    cleared.refresh_from_db()
    assert not cleared.hero_image and cleared.hero_renditions == {}
    assert stored_files(media) == originals  # no renditions left


def test_an_image_whose_renditions_are_gone_gets_them_again_on_save(media):
    """As after reverting or recovering a version (django-reversion restores
    the row, not the files): the next save makes them again."""
    article = with_image()
    names = _rendition_names(article)
    for name in names:
        default_storage.delete(name)

    Article.objects.get(pk=article.pk).save()

    assert names <= stored_files(media)


def test_a_copy_that_shares_the_image_keeps_its_renditions(
    media, django_capture_on_commit_callbacks
):
    article = with_image()
    copy = ArticleFactory(
        hero_image=article.hero_image.name,
        hero_alt="Same boats",
        hero_renditions=article.hero_renditions,
    )
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    copy.refresh_from_db()
    assert _rendition_names(copy) <= stored_files(media)


# Queries. --------------------------------------------------------------------


@pytest.mark.parametrize("n", [5, 40])
@pytest.mark.parametrize(
    "page", ["home", "article list", "tag detail", "sector detail", "year archive"]
)
def test_pictures_add_no_queries(
    client, django_assert_num_queries, many_articles, sectors, challenges, page, n
):
    many_articles(n)
    shown = with_image()
    Article.objects.update(
        author=AuthorProfileFactory().user,  # as test_query_counts.py measures
        hero_image=shown.hero_image.name,
        hero_alt=shown.hero_alt,
        hero_renditions=shown.hero_renditions,
    )
    with translation.override("en"):
        url, _ = _pages(sectors[0], challenges[0], Tag.objects.get(name="tag 0"))[page]

    with django_assert_num_queries(QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200
    cards = parse(response).select("article.card")
    assert cards and all(card.select("picture img[srcset]") for card in cards)


def test_the_demo_has_drawn_hero_images_in_both_editions(client):
    call_command("load_demo")
    pictured = Article.objects.exclude(hero_image="")
    assert {a.language for a in pictured} == {"en", "zh-hant"}
    assert pictured.count() >= 3
    for article in pictured:
        assert article.hero_alt and len(renditions(article)) == 6
        img = select_one(client.get(article.get_absolute_url()), "article header img")
        assert img["alt"] == article.hero_alt
        assert client.get(img["src"]).status_code == 200


def test_the_article_form_takes_an_image_and_its_description(client, editor):
    client.force_login(editor)
    form = select_one(client.get(ADD), "#article_form")
    assert form["enctype"] == "multipart/form-data"
    assert form.select_one('input[type="file"][name="hero_image"]')["accept"] == (
        "image/*"
    )
    assert form.select_one('input[name="hero_alt"]')


def test_a_translation_starts_with_the_same_picture_made_once(client, editor, media):
    article = with_image()
    files = stored_files(media)
    client.force_login(editor)
    client.post(
        reverse("admin:articles_article_translate", args=[article.pk, "zh-hant"])
    )
    translation = article.translations().get()
    assert translation.hero_image.name == article.hero_image.name
    assert translation.hero_renditions == article.hero_renditions
    assert translation.hero_alt == "Boats in the harbour"  # to translate over
    assert stored_files(media) == files  # nothing made again


def test_a_new_picture_on_a_published_article_refreshes_cached_pages(
    client, page_cache
):
    with page_cache(execute=True):
        article = ArticleFactory()
    client.get(reverse("home"))
    assert client.get(reverse("home"))["X-Cache"] == "hit"

    with page_cache(execute=True):
        article.hero_image = upload()
        article.hero_alt = "Boats in the harbour"
        article.save()

    response = client.get(reverse("home"))
    assert response["X-Cache"] == "miss"
    assert select_one(response, ".card picture img")["alt"] == "Boats in the harbour"


def test_an_article_whose_original_is_lost_can_still_be_saved(client, editor):
    """An original missing from the store (deleted by hand, a store outage)
    never stops an editor saving the article's text."""
    article = with_image()
    for name in [article.hero_image.name, *_rendition_names(article)]:
        default_storage.delete(name)
    client.force_login(editor)
    form = dict(
        form_fields(parse(client.get(change_url(article))).select_one("#article_form"))
    )

    response = client.post(change_url(article), {**form, "title": "Still saved"})

    assert response.status_code == 302, errors(response)
    article.refresh_from_db()
    assert article.title == "Still saved"
