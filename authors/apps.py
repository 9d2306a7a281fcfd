from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorsConfig(AppConfig):
    name = "authors"
    verbose_name = _("Authors")

    def ready(self):
        from django.db.models import signals

        from hkai.pagecache.core import content_changed

        from .models import AuthorProfile

        def changed(**kwargs):
            """A profile is public (its page, and the bylines that link to it)."""
            content_changed()

        signals.post_save.connect(changed, sender=AuthorProfile, weak=False)
        signals.post_delete.connect(changed, sender=AuthorProfile, weak=False)
