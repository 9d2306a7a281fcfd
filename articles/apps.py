from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from django.urls import register_converter

        from . import converters

        for name, converter in converters.CONVERTERS.items():
            register_converter(converter, name)
        self.refresh_cached_pages_on_change()

    def refresh_cached_pages_on_change(self):
        from django.db.models import signals

        from hkai.pagecache import content_changed

        from .models import Article, Tag, TaggedArticle

        for model in (Article, Tag, TaggedArticle):
            signals.post_save.connect(content_changed, sender=model)
            signals.post_delete.connect(content_changed, sender=model)
        for relation in (Article.sectors.through, Article.challenges.through):
            signals.m2m_changed.connect(content_changed, sender=relation)
