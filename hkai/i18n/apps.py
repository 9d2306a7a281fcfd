from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class I18nConfig(AppConfig):
    name = "hkai.i18n"
    label = "i18n"
    verbose_name = _("Translations")
