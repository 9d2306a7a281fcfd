from django.shortcuts import get_object_or_404
from django.utils.translation import get_language
from django.views.generic import ListView

from articles import edition
from articles.cards import NewestCards
from articles.views import PublishedArticlesMixin

from .models import AuthorProfile


class AuthorDetailView(PublishedArticlesMixin, ListView):
    """An author's name, role and bio, and their published articles in the
    reader's language, newest first, paginated."""

    template_name = "authors/author_detail.html"

    def get_queryset(self):
        """The author's articles, from the index of public articles, as the
        article list reads them (articles/listing.py)."""
        self.profile = get_object_or_404(AuthorProfile, slug=self.kwargs["slug"])
        index = edition.current()
        language = get_language()
        written = index.maps["language"].get(language, 0)
        return NewestCards(
            index, written & index.maps["author"].get(self.profile.user_id, 0), language
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)
