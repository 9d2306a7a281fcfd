"""An author's name, role and bio in each language (django-modeltranslation),
falling back to English where the Chinese is empty, as sector texts do."""

import reversion
from modeltranslation.translator import TranslationOptions, translator

from .models import AuthorProfile


class AuthorProfileTranslation(TranslationOptions):
    fields = ("display_name", "role", "bio")
    required_languages = {"en": ("display_name",)}


translator.register(AuthorProfile, AuthorProfileTranslation)
# After the translation columns exist, so history keeps every language.
reversion.register(AuthorProfile)
