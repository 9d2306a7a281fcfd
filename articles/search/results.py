"""A search's results as the paginator reads them."""

from ..edition import Edition
from ..listing import Paged, shown
from ..models import RESULT_FIELDS, Article


class Ranked(Paged):
    """The articles of ``within`` that ``ranking`` (``[(pk, relevance)]``,
    best first) found, best first: counted on the index, then read a page at
    a time (what a result shows, by primary key; its sectors from the
    index)."""

    def __init__(self, edition: Edition, ranking, within, language):
        super().__init__(edition, within, language)
        self.ranking = ranking

    def __getitem__(self, page):
        pks = self.edition.best(self.ranking, self.within, page.start or 0, page.stop)
        return shown(
            self.edition,
            pks,
            self.language,
            Article.objects.only(*RESULT_FIELDS),
        )
