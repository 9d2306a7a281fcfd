from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.views import PublishedArticlesMixin

from .models import AuthorProfile


class AuthorDetailView(PublishedArticlesMixin, ListView):
    """An author's name, role and bio, and their published articles in the
    reader's language, newest first, paginated."""

    template_name = "authors/author_detail.html"

    def get_queryset(self):
        self.profile = get_object_or_404(AuthorProfile, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author_id=self.profile.user_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)
