from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SectorsConfig(AppConfig):
    name = "sectors"
    verbose_name = _("Sectors and challenges")

    def ready(self):
        from django.db.models import signals

        from hkai.pagecache import content_changed

        from .models import Challenge, Sector

        for model in (Sector, Challenge):
            signals.post_save.connect(content_changed, sender=model)
            signals.post_delete.connect(content_changed, sender=model)
