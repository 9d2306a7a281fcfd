"""``manage.py load_demo``: demo articles in both languages, translations linked
to their originals; a second run adds only what is missing."""

import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article
from authors.models import AuthorProfile
from sectors.models import Challenge, Sector

from ._pictures import picture_for

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "articles.json"
SCHEDULE_AHEAD = timedelta(days=14)
# The demo articles' byline: the newsroom, with a page of its own.
NEWSROOM_PROFILE = {
    "slug": "newsroom",
    "display_name_en": "Observatory Newsroom",
    "display_name_zh_hant": "觀察站編輯部",
    "role_en": "Reporters and editors",
    "role_zh_hant": "記者及編輯",
    "bio_en": (
        "The Observatory's reporters and editors, writing together. We follow "
        "how artificial intelligence is used in Hong Kong's schools, hospitals, "
        "banks, streets and start-ups, and what it means for the people there."
    ),
    "bio_zh_hant": (
        "觀察站的記者和編輯共同撰寫。我們追蹤人工智能在香港的學校、醫院、銀行、"
        "街道和初創企業中的應用，以及它對當中的人有甚麼影響。"
    ),
}


class Command(BaseCommand):
    help = (
        "Load the demo articles. Articles that already exist (by slug) are left "
        "alone, and so is a translation whose language its original already has."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        author, _ = get_user_model().objects.get_or_create(
            username="newsroom",
            defaults={"first_name": "Observatory", "last_name": "Newsroom"},
        )
        AuthorProfile.objects.get_or_create(user=author, defaults=NEWSROOM_PROFILE)
        sectors = {s.slug: s for s in Sector.objects.all()}
        challenges = {c.slug: c for c in Challenge.objects.all()}
        existing = set(Article.objects.values_list("slug", flat=True))
        added = skipped = 0
        for entry in json.loads(DEMO_FILE.read_text(encoding="utf-8")):
            language = entry.get("language", settings.LANGUAGE_CODE)
            group = self._group(entry.get("translation_of"), language)
            if entry["slug"] in existing or group is False:
                skipped += 1
                continue
            article = Article.objects.create(
                author=author,
                featured=entry["featured"],
                language=language,
                **({"translation_group": group} if group else {}),
                **self._dates(entry),
                **{key: entry[key] for key in ("slug", "title", "summary", "body")},
                **picture_for(entry["slug"]),  # a drawn hero image for a few
            )
            article.sectors.set([sectors[slug] for slug in entry["sectors"]])
            article.challenges.set([challenges[slug] for slug in entry["challenges"]])
            article.tags.set(entry["tags"])
            if entry["status"] == "published":
                # A demo article was last edited when it came out, not today.
                Article.objects.filter(pk=article.pk).update(
                    created_at=article.published_at, updated_at=article.published_at
                )
            added += 1
        self.stdout.write(
            f"Demo content: {added} articles added, {skipped} already there."
        )

    def _group(self, original_slug, language):
        """The translation group of the article ``original_slug`` (earlier in
        the file), None for an article that translates none, False when that
        group has an article in ``language`` already (an editor's, say). If
        the original is gone (renamed or deleted), the translation stands alone."""
        if not original_slug:
            return None
        original = Article.objects.filter(slug=original_slug).first()
        if original is None:
            return None
        if original.translations().filter(language=language).exists():
            return False
        return original.translation_group

    def _dates(self, entry):
        if entry["status"] == "draft":
            return {"status": Article.Status.DRAFT, "published_at": None}
        if entry["status"] == "scheduled":
            when = timezone.now() + SCHEDULE_AHEAD
        else:
            when = parse_datetime(entry["published_at"])
        return {"status": Article.Status.PUBLISHED, "published_at": when}
