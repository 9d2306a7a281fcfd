"""Page titles and bodies in each language (django-modeltranslation).

``title``, ``body`` and ``body_html`` get a column per language; a Chinese
text left empty shows the English one, as sector texts do. The slug (the
address) is shared.
"""

import reversion
from modeltranslation.translator import TranslationOptions, translator

from .models import Page


class PageTranslation(TranslationOptions):
    fields = ("title", "body", "body_html")
    required_languages = {"en": ("title", "body")}


translator.register(Page, PageTranslation)
# Registered once the translation columns exist, so history keeps every
# language (as sectors/translation.py does).
reversion.register(Page)
