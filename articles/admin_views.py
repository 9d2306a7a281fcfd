"""The article admin's own pages: preview, shareable links, state changes,
Markdown preview and comparing revisions. Mixed into ``ArticleAdmin``."""

from datetime import timedelta

import reversion
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.models import Version

from hkai.adminsite.values import fits
from hkai.refusals import Refused

from . import diffs, preview, workflow
from .models import PreviewLink
from .text import render_markdown
from .visibility import Status

SHARE_DAYS = 7  # how long a shareable preview link lasts unless chosen otherwise


class ShareForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=30, initial=SHARE_DAYS)


class EditorialViews:
    """URLs under /admin/articles/article/ beside Django's and reversion's."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("preview/", view(self.preview_view), name="articles_article_preview"),
            path(
                "<path:object_id>/preview/",
                view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/share/",
                view(self.share_view),
                name="articles_article_share",
            ),
            path(
                "<path:object_id>/share/<int:link_id>/revoke/",
                view(self.revoke_view),
                name="articles_article_revoke",
            ),
            path(
                "<path:object_id>/move/<str:status>/",
                view(self.move_view),
                name="articles_article_move",
            ),
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name="articles_article_compare",
            ),
            path(
                "markdown/", view(self.markdown_view), name="articles_article_markdown"
            ),
            *super().get_urls(),
        ]

    def _viewable(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_view_permission(request, article):
            raise Http404(_("There is no such article you may see."))
        return article

    def history_view(self, request, object_id, extra_context=None):
        """Reversion's history, for those who may see the article, with each
        version's id, so that any two can be compared."""
        self._viewable(request, object_id)
        versions = (
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision", "revision__user")
            .order_by("-revision__date_created")
        )
        actions = [
            {
                "revision": version.revision,
                "version": version,
                "url": reverse(
                    "admin:articles_article_revision", args=[object_id, version.pk]
                ),
            }
            for version in versions
        ]
        context = {"action_list": actions, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def recoverlist_view(self, request, extra_context=None):
        """Deleted articles: only editors recover them (authors never deleted)."""
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not workflow.is_editor(request.user):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def preview_view(self, request, object_id=None):
        """GET: the saved article. POST (the form's "Preview changes"): what the
        form holds now, unsaved."""
        article = self._viewable(request, object_id) if object_id else None
        if request.method != "POST":
            if article is None:
                raise Http404
            return preview.render_preview(
                request, article, edit_url=self._change_url(article)
            )
        if article is None and not self.has_add_permission(request):
            raise PermissionDenied
        form_class = self.get_form(request, article, change=article is not None)
        form = form_class(request.POST, request.FILES, instance=article)
        if not form.is_valid():
            response = TemplateResponse(
                request,
                "admin/articles/article/preview_errors.html",
                {**self.admin_site.each_context(request), "form": form},
            )
            return preview.private(response.render())
        return preview.render_unsaved(request, form, author=request.user)

    @staticmethod
    def _change_url(article):
        return reverse("admin:articles_article_change", args=[article.pk])

    @method_decorator(require_POST)
    def share_view(self, request, object_id):
        """Make a preview link anyone can open, for a chosen number of days."""
        article = self._viewable(request, object_id)
        form = ShareForm(request.POST or None)
        days = form.cleaned_data["days"] if form.is_valid() else SHARE_DAYS
        link = PreviewLink.objects.create(
            article=article,
            created_by=request.user,
            expires_at=timezone.now() + timedelta(days=days),
        )
        url = request.build_absolute_uri(link.get_absolute_url())
        self.log_change(request, article, _("Shared a preview link for %d days") % days)
        messages.success(
            request,
            _("Anyone with this address can read the preview for %(days)d days:")
            % {"days": days}
            + f" {url}",
        )
        return redirect(self._change_url(article))

    @method_decorator(require_POST)
    def revoke_view(self, request, object_id, link_id):
        """End a preview link now: editors, and whoever made it."""
        article = self._viewable(request, object_id)
        link = get_object_or_404(article.preview_links, pk=link_id)
        if not (workflow.is_editor(request.user) or link.created_by == request.user):
            raise PermissionDenied
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        self.log_change(request, article, _("Revoked a preview link"))
        messages.success(request, _("The preview link no longer opens."))
        return redirect(self._change_url(article))

    @method_decorator(require_POST)
    def move_view(self, request, object_id, status):
        """One state change (submit for review, withdraw, publish, archive…)
        from the buttons above the form, checked like every other."""
        article = self._viewable(request, object_id)
        if status not in Status.values:
            raise Http404
        seen_version = request.POST.get("seen_version")
        if seen_version is not None and not fits(
            article._meta.get_field("edit_version"), seen_version
        ):
            raise Refused(
                _("This form is damaged: open the article again, then try again.")
            )
        before, article.status = article.loaded_status, status
        workflow.check_move(request.user, article)
        if not article.claim(seen_version):
            messages.error(
                request,
                _("Someone saved this article after you opened it: look again first."),
            )
            return redirect(self._change_url(article))
        with reversion.create_revision():
            reversion.set_user(request.user)
            article.save()
            self.log_move(request, before, article)
        messages.success(request, workflow.state_of(article))
        return redirect(self._change_url(article))

    @method_decorator(require_POST)
    def markdown_view(self, request):
        """The body as the public page will show it (for the editor's preview
        pane): the same renderer and sanitiser, never saved."""
        if not (
            self.has_add_permission(request) or self.has_change_permission(request)
        ):
            raise PermissionDenied
        return JsonResponse({"html": render_markdown(request.POST.get("body", ""))})

    def compare_view(self, request, object_id):
        """Title, summary and body of two revisions, side by side as one diff."""
        article = self._viewable(request, object_id)
        versions = Version.objects.get_for_object(article).select_related("revision")
        older, newer = (
            self._version(versions, request.GET.get(k)) for k in ("from", "to")
        )
        if older.revision.date_created > newer.revision.date_created:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": article,
            "title": _("Changes to “%(title)s”") % {"title": article},
            "older": older,
            "newer": newer,
            "rows": diffs.compare(older.field_dict, newer.field_dict),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    @staticmethod
    def _version(versions, pk):
        if not (pk or "").isdigit():
            raise Http404(_("Choose two versions to compare."))
        return get_object_or_404(versions, pk=int(pk))

    def log_move(self, request, before, article):
        """Record a state change in the admin log, with who made it."""
        message = workflow.describe_move(before, article)
        if message and not (before is None and article.status == Status.DRAFT):
            self.log_change(request, article, message)
