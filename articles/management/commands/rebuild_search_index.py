"""``manage.py rebuild_search_index``: index every article afresh (after a
bulk import that bypassed saves, or to repair the index)."""

from django.core.management.base import BaseCommand

from articles.search import indexing
from articles.search.engines import engine


class Command(BaseCommand):
    help = "Index every article afresh for search."

    def handle(self, *args, **options):
        count = indexing.rebuild()
        self.stdout.write(f"Indexed {count} articles ({engine().name}).")
