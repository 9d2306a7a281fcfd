"""Translations in the article admin.

Articles that translate each other share a ``translation_group``, one article
per language. Here: the "Translations" column and the filters of the list,
the translations panel of the article form, and starting a translation from
an existing article (a draft in another language, in the same group, by the
user, its filing copied). ``TranslationViews`` is mixed into ``ArticleAdmin``.
"""

from contextlib import suppress
from functools import reduce
from operator import or_

import reversion
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hkai.templatetags import html_language

from . import workflow
from .models import Article, ArticleRedirect

# What is compared to tell a started translation whose text is still the
# original's (the form warns until it differs).
COPIED_TEXT = {"title": _("title"), "summary": _("summary"), "body": _("body")}


def language_name(code):
    """A language as its readers call it: English, 繁體中文."""
    return get_language_info(code)["name_local"]


def other_languages(article):
    return [code for code, _name in settings.LANGUAGES if code != article.language]


def translation_slug(article, language):
    """A free slug for the ``language`` translation of ``article``: its own
    and the language (``hospitals-ai-triage-zh-hant``), numbered if taken by
    an article or kept as an old address."""
    max_length = Article._meta.get_field("slug").max_length
    base = f"{article.slug[: max_length - len(language) - 4]}-{language}"
    taken = {
        *Article.objects.filter(slug__startswith=base).values_list("slug", flat=True),
        *ArticleRedirect.objects.filter(old_slug__startswith=base).values_list(
            "old_slug", flat=True
        ),
    }
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def start_translation(article, language, user):
    """A new draft: the ``language`` translation of ``article``, by ``user``.

    Title, summary, body and the image's description are the original's, to
    translate over; sectors, challenges, tags and the image (its file and
    renditions) are copied (they are shared, not translated). The
    caller checks who may; the database refuses a second article in one
    language of a group (``one_translation_per_language``).
    """
    translation = Article.objects.create(
        title=article.title,
        summary=article.summary,
        body=article.body,
        slug=translation_slug(article, language),
        language=language,
        translation_group=article.translation_group,
        author=user,
        status=Article.Status.DRAFT,
        hero_image=article.hero_image.name,
        hero_alt=article.hero_alt,
        hero_renditions=article.hero_renditions,
    )
    translation.sectors.set(article.sectors.all())
    translation.challenges.set(article.challenges.all())
    translation.tags.set(list(article.tags.all()))
    return translation


def _in_group(language=None):
    """Other articles of the outer article's translation group."""
    group = Article.objects.filter(translation_group=OuterRef("translation_group"))
    if language:
        group = group.filter(language=language)
    return group.exclude(pk=OuterRef("pk"))


def _alias(code, suffix=""):
    return f"translation_{code.replace('-', '_')}{suffix}"


class TranslationFilter(admin.SimpleListFilter):
    """Articles lacking a translation into some language, or translated into
    every one (with two languages: into the other one)."""

    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("missing", _("Lacks a translation")),
            ("complete", _("Translated")),
        ]

    def queryset(self, request, queryset):
        lacks = reduce(
            or_,
            (
                ~Exists(
                    Article.objects.filter(
                        translation_group=OuterRef("translation_group"), language=code
                    )
                )
                for code, _name in settings.LANGUAGES
            ),
        )
        if self.value() == "missing":
            return queryset.filter(lacks)
        if self.value() == "complete":
            return queryset.exclude(lacks)
        return queryset


class TranslationViews:
    """The article admin's side of translations (see the module)."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/translate/<str:language>/",
                view(self.translate_view),
                name="articles_article_translate",
            ),
            *super().get_urls(),
        ]

    def get_queryset(self, request):
        """Each article with, per language, the id of its translation in that
        language: for an author, also whether it is one they may open."""
        articles = super().get_queryset(request)
        annotations = {}
        for code, _name in settings.LANGUAGES:
            others = _in_group(code).values("pk")[:1]
            annotations[_alias(code)] = Subquery(others)
            if not workflow.is_editor(request.user):
                theirs = _in_group(code).filter(workflow.theirs(request.user))
                annotations[_alias(code, "_visible")] = Subquery(
                    theirs.values("pk")[:1]
                )
        return articles.annotate(**annotations)

    def get_list_display(self, request):
        first, *rest = super().get_list_display(request)
        return [first, "language", "translations", *rest]

    def get_list_filter(self, request):
        first, *rest = super().get_list_filter(request)
        return [first, "language", TranslationFilter, *rest]

    @admin.display(description=_("translations"))
    def translations(self, article):
        """Each other language: its translation linked ("繁體中文 ✓"), or
        "繁體中文: missing"."""
        cells = []
        for code in other_languages(article):
            pk = getattr(article, _alias(code), None)
            visible = getattr(article, _alias(code, "_visible"), pk)
            name, lang = language_name(code), html_language(code)
            if visible:
                url = reverse("admin:articles_article_change", args=[quote(visible)])
                cells.append(
                    format_html('<a href="{}" lang="{}">{} ✓</a>', url, lang, name)
                )
            elif pk:
                cells.append(format_html('<span lang="{}">{} ✓</span>', lang, name))
            else:
                cells.append(
                    format_html(
                        '<span lang="{}">{}</span>: {}', lang, name, gettext("missing")
                    )
                )
        return format_html_join(" · ", "{}", ((cell,) for cell in cells))

    def render_change_form(self, request, context, *args, **kwargs):
        original = context.get("original")
        if original is not None:
            context.update(self.translation_context(request, original))
        return super().render_change_form(request, context, *args, **kwargs)

    def translation_context(self, request, article):
        """The translations panel: each other language's translation (linked
        if the user may open it) or a button to start it; and which texts are
        still those of a translation, copied when it was started."""
        translations = {t.language: t for t in article.translations()}
        may_add = self.has_add_permission(request)
        rows = []
        for code in other_languages(article):
            translation = translations.get(code)
            row = {"name": language_name(code), "lang": html_language(code)}
            if translation is None:
                if may_add:
                    row["start_url"] = reverse(
                        "admin:articles_article_translate", args=[article.pk, code]
                    )
            else:
                row["translation"] = translation
                row["state"] = workflow.state_of(translation)
                if self.has_view_permission(request, translation):
                    row["url"] = reverse(
                        "admin:articles_article_change", args=[translation.pk]
                    )
            rows.append(row)
        # A translation starts as a copy of the article it was started from
        # (older): which texts are still that article's?
        untranslated = []
        for source in translations.values():
            if source.created_at < article.created_at:
                same = [
                    str(label)
                    for name, label in COPIED_TEXT.items()
                    if getattr(source, name) == getattr(article, name)
                ]
                if same:
                    untranslated.append((language_name(source.language), same))
        return {"translation_rows": rows, "untranslated": untranslated}

    @method_decorator(require_POST)
    def translate_view(self, request, object_id, language):
        """Start the ``language`` translation of an article the user may see,
        and open it; if it exists already, open that one instead."""
        article = self._viewable(request, object_id)
        if language not in other_languages(article):
            raise Http404
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            translation = self._start(request, article, language)
        except IntegrityError:
            if not article.translations().filter(language=language).exists():
                raise
            translation = None  # started meanwhile by someone else
        if translation is None:
            return self._already_translated(request, article, language)
        messages.success(
            request,
            gettext(
                "This draft is the %(language)s translation of “%(title)s”: "
                "translate its title, summary and body."
            )
            % {"language": language_name(language), "title": article.title},
        )
        return redirect(self._change_url(translation))

    def _start(self, request, article, language):
        """Start a translation, logged and kept as a revision; None if the
        group has one in ``language`` already."""
        if article.translations().filter(language=language).exists():
            return None
        with reversion.create_revision():
            reversion.set_user(request.user)
            translation = start_translation(article, language, request.user)
            message = gettext(
                "Started as the %(language)s translation of “%(title)s”"
            ) % {"language": language_name(language), "title": article.title}
            reversion.set_comment(message)
            self.log_addition(request, translation, message)
        return translation

    def _already_translated(self, request, article, language):
        """Refused: the translation exists. Open it, if the user may."""
        existing = article.translations().get(language=language)
        messages.warning(
            request,
            gettext("“%(title)s” has a %(language)s translation already: “%(other)s”.")
            % {
                "title": article.title,
                "language": language_name(language),
                "other": existing.title,
            },
        )
        if self.has_view_permission(request, existing):
            return redirect(self._change_url(existing))
        return redirect(self._change_url(article))

    @admin.action(
        permissions=["add"], description=_("Start translations of selected articles")
    )
    def start_translations(self, request, queryset):
        """A draft translation of each selected article into each language it
        lacks; opens it when there is just one."""
        started = []
        for article in queryset:
            for code in other_languages(article):
                with suppress(IntegrityError):  # started meanwhile by someone
                    started.append(self._start(request, article, code))
        started = [t for t in started if t is not None]
        if len(started) == 1:
            return redirect(self._change_url(started[0]))
        if not started:
            messages.warning(
                request, gettext("The selected articles have their translations.")
            )
            return None
        messages.success(
            request,
            ngettext(
                "%d translation started: a draft by you, to translate.",
                "%d translations started: each a draft by you, to translate.",
                len(started),
            )
            % len(started),
        )
        return None
