"""``manage.py generate_articles N [--seed S]``: N more made-up published
articles, for benchmarks (bench/search.py). 100,000 take a few minutes."""

import time
from collections import Counter
from itertools import islice

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.generating import store
from articles.generating.plan import plan
from articles.generating.vocabulary import TAGS, ZH_TAGS
from hkai.pagecache.core import content_changed
from sectors.models import Challenge, Sector

# The search app's command, if it is installed: bulk inserts send no signals,
# so an index kept up to date by signals would miss every generated article.
SEARCH_INDEX_COMMAND = "rebuild_search_index"


class Command(BaseCommand):
    help = (
        "Add N published articles made up from a seed: about 85 % English and "
        "15 % Traditional Chinese, filed under sectors, challenges and ~300 tags, "
        "dated since 2019. Each run adds N more (slugs gen-<seed>-<number>)."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many articles to add.")
        parser.add_argument(
            "--seed", type=int, default=1, help="The same seed gives the same articles."
        )

    def handle(self, *args, count, seed, **options):
        if count < 0:
            raise CommandError("Give a number of articles, 0 or more.")
        started = time.monotonic()
        with transaction.atomic():
            languages = self._generate(count, seed, options["verbosity"])
        store.analyze()
        generated = time.monotonic() - started
        try:
            if SEARCH_INDEX_COMMAND in get_commands():
                call_command(SEARCH_INDEX_COMMAND, stdout=self.stdout)
        finally:
            # After the index, so no cached page shows results without them.
            content_changed()
        total = time.monotonic() - started
        self.stdout.write(
            f"Generated {count} articles ({languages['en']} English, "
            f"{languages['zh-hant']} Chinese) in {generated:.1f} s"
            f" ({count / max(generated, 1e-9):,.0f}/s); {total:.1f} s in all."
        )

    def _generate(self, count, seed, verbosity):
        """Plan and insert, a batch at a time; how many of each language."""
        sectors = list(Sector.objects.order_by("pk").values_list("pk", "slug"))
        challenges = list(Challenge.objects.order_by("pk").values_list("pk", "slug"))
        bylines = store.authors()
        tags = store.tags([*TAGS, *ZH_TAGS])
        first = store.next_number(seed)
        planned = plan(count, seed, first, sectors, challenges, timezone.now())
        languages = Counter()
        while batch := list(islice(planned, store.BATCH)):
            store.insert(batch, bylines, tags)
            languages.update(article.language for article in batch)
            if verbosity > 1:
                self.stdout.write(f"{languages.total()} of {count}")
        return languages
