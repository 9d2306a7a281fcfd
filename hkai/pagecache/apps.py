from django.apps import AppConfig
from django.core import checks
from django.core.signals import setting_changed
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "hkai.pagecache"
    label = "pagecache"
    verbose_name = _("Page cache")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import core

        checks.register(core.check_shared_state, checks.Tags.caches)
        # Tests change these settings; what this process remembers goes with them.
        setting_changed.connect(core.forget_on_setting_change)
