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
