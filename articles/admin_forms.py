"""The article form of the admin: states a user may choose, and no lost updates."""

import logging

from django import forms
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hkai.images import ImageUploadField

from . import diffs, workflow
from .models import Article
from .text import validate_body_images
from .visibility import Status

logger = logging.getLogger(__name__)


class ArticleAdminForm(forms.ModelForm):
    """Carries the ``edit_version`` it was opened with; saving claims the
    article with it (``Article.claim``) or is refused, naming who saved since
    and showing what they changed, with this editor's text kept in the form."""

    seen_version = forms.UUIDField(widget=forms.HiddenInput, required=False)
    editor = None  # the user, set by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "language",
            "summary",
            "body",
            "hero_image",
            "hero_alt",
            "tags",
            "sectors",
            "challenges",
            "author",
            "shared_with",
            "status",
            "published_at",
            "featured",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        # Refuses, with a reason, what cannot become renditions (hkai/images.py).
        field_classes = {"hero_image": ImageUploadField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.initial.setdefault("seen_version", self.instance.edit_version)
        # articles/static/articles/editor.js reads its words from these.
        if "summary" in self.fields:
            self.fields["summary"].widget.attrs["data-count-label"] = _(
                "%(used)s / %(limit)s characters"
            )
        if "body" in self.fields:
            self.fields["body"].widget.attrs.update(
                {
                    "data-markdown-url": reverse("admin:articles_article_markdown"),
                    "data-preview-label": _("Show the body as readers will see it"),
                    "data-preview-error": _(
                        "The preview could not be made (%(status)s)."
                    ),
                }
            )
        if "status" in self.fields and self.editor is not None:
            allowed = workflow.next_states(self.editor, self.instance)
            self.fields["status"].choices = [
                (status.value, status.label) for status in Status if status in allowed
            ]

    def clean_body(self):
        """No image from a host readers' browsers should not be sent to."""
        body = self.cleaned_data["body"]
        validate_body_images(body)
        return body

    def clean_language(self):
        """One article per language in a translation group."""
        language = self.cleaned_data["language"]
        taken = self.instance.translations().filter(language=language).first()
        if taken:
            raise forms.ValidationError(
                _("“%(title)s” is this article's translation in that language."),
                params={"title": taken.title},
            )
        return language

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        # A savepoint: an image that cannot be stored gives the claim back, so
        # the editor's next try is not refused as a conflict with themself.
        with transaction.atomic():
            if self._claim() and not self._store_image():
                transaction.set_rollback(True)

    def _claim(self):
        """Claim the article for this save (a new one needs none); False, with
        the conflict shown, when someone saved it after this form was opened."""
        if self.instance.pk is None or self.editor is None:
            return True
        if self.instance.claim(self.cleaned_data.get("seen_version")):
            return True
        self.conflict = Article.objects.get(pk=self.instance.pk)
        self.add_error(None, self._conflict_message())
        return False

    def _store_image(self):
        """A new image is written to the media store now, while the form can
        still say it could not be (a full disk): the editor gets the form back
        with their text and an error, not an error page, and nothing is saved.
        After the claim: a refused save stores nothing. False if it failed."""
        upload = self.cleaned_data.get("hero_image")
        if not isinstance(upload, UploadedFile):
            return True
        try:
            # The model's save sees a stored file and does not write it again.
            self.instance.hero_image.save(upload.name, upload, save=False)
        except OSError:
            logger.exception("The uploaded image %s could not be stored", upload.name)
            self.add_error(
                "hero_image",
                _(
                    "The image could not be stored on the server (its disk may be "
                    "full). Nothing was saved and your text is kept below: try "
                    "again later, or tell the site's administrator."
                ),
            )
            return False
        return True

    def _conflict_message(self):
        last = (
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Article),
                object_id=str(self.conflict.pk),
            )
            .select_related("user")
            .order_by("-action_time")
            .first()
        )
        who = last.user.get_full_name() or last.user.get_username() if last else None
        when = formats.date_format(
            timezone.localtime(last.action_time if last else self.conflict.updated_at),
            "DATETIME_FORMAT",
        )
        if who:
            intro = _("%(who)s saved this article at %(when)s, after you opened it.")
        else:
            intro = _("This article was changed at %(when)s, after you opened it.")
        return (
            intro
            + " "
            + _(
                "Your text is still below and nothing of it is saved. Compare it with "
                "theirs, copy what you need into the form, and save again."
            )
        ) % {"who": who, "when": when}

    def conflict_rows(self):
        """The saved version against this form's text, for the page."""
        theirs = {name: getattr(self.conflict, name) for name in diffs.COMPARED}
        mine = {name: self.data.get(name, "") for name in diffs.COMPARED}
        return diffs.compare(theirs, mine)
