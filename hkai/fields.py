"""Model fields whose text is cleaned before it is validated, shown or stored.

Cleaning comes first, so ``max_length`` is checked on what will be stored (a
title that grows when normalised is a form error, not a database error), and
every way in, the admin's forms, ``save()`` and fixtures, goes through it.
"""

from django import forms
from django.db import models

from .text import clean_line, clean_text


class LineFormField(forms.CharField):
    """One line of plain text, cleaned before it is validated."""

    def to_python(self, value):
        return clean_line(super().to_python(value))


class TextFormField(forms.CharField):
    """Several lines of text, cleaned before they are validated."""

    def to_python(self, value):
        return clean_text(super().to_python(value))


class _Cleaned:
    clean_value = staticmethod(clean_text)
    form_class = TextFormField

    def to_python(self, value):
        value = super().to_python(value)
        return value if value is None else self.clean_value(value)

    def pre_save(self, model_instance, add):
        value = self.to_python(getattr(model_instance, self.attname))
        # Kept where Django keeps a field's value, not assigned through the
        # attribute: a translated field's attribute (django-modeltranslation)
        # would write it into the active language's column, and a Chinese
        # name left empty would be filled with the English it falls back to.
        model_instance.__dict__[self.attname] = value
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.form_class, **kwargs})


class LineField(_Cleaned, models.CharField):
    """A title or a name: one line, no control or invisible characters."""

    clean_value = staticmethod(clean_line)
    form_class = LineFormField


class TextField(_Cleaned, models.TextField):
    """Longer text (Markdown, descriptions): no control characters, NFC."""
