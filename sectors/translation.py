"""Sector and challenge texts in each language (django-modeltranslation).

``name``, ``summary`` and ``description`` get a column per language
(``name_en``, ``name_zh_hant``…); reading ``sector.name`` gives the active
language's text, or the English one where that is empty, and querysets order
and filter by the active language's column. Slugs stay shared (ASCII, one
address per topic), and so do the import keywords: one list, English and
Chinese, matched against an article in either language.
"""

import reversion
from modeltranslation.translator import TranslationOptions, translator

from .models import Challenge, Sector


class TopicTranslation(TranslationOptions):
    fields = ("name", "summary", "description")
    # The English name and summary are required (their forms' rule); every
    # other language may be left empty and falls back to English.
    required_languages = ("en",)
    # An untranslated name is NULL, not "": names are unique in each language,
    # and any number of topics may lack a Chinese one.
    empty_values = {"name": None}


for model in (Sector, Challenge):
    translator.register(model, TopicTranslation)
    # django-reversion lists a model's fields when the model is registered, so
    # it is registered here, once the translation columns exist: a version
    # keeps, and a revert restores, the texts of every language.
    reversion.register(model)
