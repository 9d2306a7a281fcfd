from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Site pages")

    def ready(self):
        from django.db.models import signals

        from hkai.pagecache.core import content_changed

        from .models import Page

        def changed(**kwargs):
            """Every page is public as soon as it exists: any change is."""
            content_changed()

        signals.post_save.connect(changed, sender=Page, weak=False)
        signals.post_delete.connect(changed, sender=Page, weak=False)
