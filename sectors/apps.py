from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SectorsConfig(AppConfig):
    name = "sectors"
    verbose_name = _("Sectors and challenges")

    def ready(self):
        from django.db.models import signals

        from hkai.pagecache.core import content_changed

        from .models import Challenge, Sector

        def changed(**kwargs):
            """Every page's navigation lists them: any change is public."""
            content_changed()

        for model in (Sector, Challenge):
            signals.post_save.connect(changed, sender=model, weak=False)
            signals.post_delete.connect(changed, sender=model, weak=False)
