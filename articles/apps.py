from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.urls import register_converter

        from hkai.pagecache.core import register_schedule

        from . import converters, hero, signals
        from .models import Article
        from .search import indexing

        for name, converter in converters.CONVERTERS.items():
            register_converter(converter, name)
        signals.connect()
        indexing.connect()
        hero.connect(Article)  # renditions go with a deleted article
        # Scheduled articles become public by themselves: the page cache asks.
        register_schedule(Article.objects.schedule_since)
