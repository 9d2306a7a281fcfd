"""The admin's "Import an article" page: a file or pasted text becomes a draft.

The same import as ``manage.py import_article`` (``articles.importing``), for
anyone who may add articles; the draft is theirs. ``ArticleAdmin.get_urls``
adds ``import_urls``; the changelist template links to it.
"""

import reversion
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import FileExtensionValidator
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .importing import MAX_BYTES, ImportRefused, read_article, save_draft

FORMAT_CHOICES = [
    ("auto", gettext_lazy("Find out from the name and the text")),
    ("plain", gettext_lazy("Plain text")),
    ("markdown", gettext_lazy("Markdown")),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        allow_empty_file=True,  # refused below, with the import's own message
        validators=[FileExtensionValidator(["txt", "text", "md", "markdown"])],
        help_text=gettext_lazy(
            "A .txt or .md file, saved as UTF-8 (or UTF-16 with a byte-order mark)."
        ),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
        help_text=gettext_lazy("The title on the first line, then the article."),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Read it as"), choices=FORMAT_CHOICES, initial="auto"
    )
    apply_suggestions = forms.BooleanField(
        label=gettext_lazy("File it under the suggested sectors, challenges and tags"),
        required=False,
    )

    def clean(self):
        """Read the file or the text; ``cleaned_data["imported"]`` is the result."""
        data = super().clean()
        upload, text = data.get("file"), data.get("text", "")
        if self.errors:
            return data
        if upload and text.strip():
            raise forms.ValidationError(_("Upload a file or paste text, not both."))
        if not upload and not text.strip():
            raise forms.ValidationError(
                _("Choose a file to upload, or paste the article's text.")
            )
        try:
            if upload:
                raw, name = upload.read(MAX_BYTES + 1), upload.name
            else:
                raw, name = text, ""
            data["imported"] = read_article(raw, filename=name, format=data["format"])
        except ImportRefused as error:
            self.add_error("file" if upload else "text", str(error))
        return data


def import_urls(model_admin):
    """The import page's URL, for ``ModelAdmin.get_urls``."""

    def view(request):
        return import_article(request, model_admin)

    opts = model_admin.model._meta
    return [
        path(
            "import/",
            model_admin.admin_site.admin_view(view),
            name=f"{opts.app_label}_{opts.model_name}_import",
        )
    ]


def import_article(request, model_admin):
    """The import form; on success, the new draft's change form with a message
    saying what was repaired and suggested."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        imported = form.cleaned_data["imported"]
        apply = form.cleaned_data["apply_suggestions"]
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            article, suggestions = save_draft(
                imported, request.user, apply_suggestions=apply
            )
            # The admin log's message is the revision's comment too.
            model_admin.log_addition(request, article, _("Imported"))
        report(request, article, imported, suggestions, apply)
        # The import ends in the preview; its banner leads back to the form,
        # where the repairs and suggestions are waiting as messages.
        return redirect("admin:articles_article_preview", article.pk)
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import an article"),
        "opts": opts,
        "form": form,
        "has_view_permission": model_admin.has_view_permission(request),
    }
    return TemplateResponse(request, "admin/articles/article/import.html", context)


def report(request, article, imported, suggestions, applied):
    """One message for the draft, one per repair, one for the suggestions."""
    if imported.was_markdown:
        done = _("“%(title)s” was imported as a draft.")
    else:
        done = _(
            "“%(title)s” was imported as a draft. Its plain text is now Markdown: "
            "check the headings."
        )
    messages.success(request, done % {"title": article.title})
    for repair in imported.repairs:
        messages.info(request, repair)
    if suggestions:
        if applied:
            heading = _("Filed under the suggestions:")
        else:
            heading = _("Suggested (not applied):")
        messages.info(request, f"{heading} {' · '.join(suggestions.lines())}")
