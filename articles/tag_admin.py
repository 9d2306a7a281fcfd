"""The tag admin's pages beyond Django's own: the merge confirmation, the
rename check that offers it, and the suggestions the tags field asks for.
``TagAdmin`` (articles/admin.py) wires them in."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hkai.adminsite.values import fits

from .models import Article, Tag, TagRedirect
from .tagcare import merge_tags
from .visibility import published_q

SUGGESTIONS = 10


def merge_url(tags, keep):
    """The merge confirmation for ``tags``, with ``keep`` chosen to be kept."""
    query = urlencode({"tags": [tag.pk for tag in tags], "keep": keep.pk}, doseq=True)
    return f"{reverse('admin:articles_tag_merge')}?{query}"


class TagForm(forms.ModelForm):
    """A rename into another tag's name (in any case or width) offers to merge
    the two instead of only refusing (``Tag.clean``), to those who may merge."""

    can_merge = False  # set by TagAdmin.get_form

    class Meta:
        model = Tag
        fields = ["name"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        tag = self.instance
        may_merge = self.can_merge and tag.pk is not None
        same = may_merge and Tag.objects.exclude(pk=tag.pk).with_name(name)
        if same:
            raise ValidationError(
                format_html(
                    _(
                        "The tag “{other}” exists already. "
                        '<a href="{url}">Merge “{tag}” into “{other}”…</a>'
                    ),
                    other=same[0],
                    tag=tag,
                    url=merge_url([tag, same[0]], keep=same[0]),
                ),
                code="exists",
            )
        return name


class MergeForm(forms.Form):
    """Which tags to merge, and which one of them to keep."""

    tags = forms.ModelMultipleChoiceField(
        Tag.objects.none(), widget=forms.MultipleHiddenInput
    )
    keep = forms.ModelChoiceField(
        Tag.objects.none(), widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, tags, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Tag.objects.all()
        self.fields["keep"].queryset = tags

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if len(tags) < 2:
            raise ValidationError(_("Choose at least two tags to merge."))
        return tags


def may_merge(model_admin, request):
    """Merging changes one tag and deletes the others."""
    changes = model_admin.has_change_permission(request)
    return changes and model_admin.has_delete_permission(request)


def merge_view(model_admin, request, selected=None):
    """The merge confirmation, for the tags ``selected`` by the admin action or
    named by ``?tags=&keep=`` (the rename check's link); on a confirming POST,
    the merge itself."""
    if not may_merge(model_admin, request):
        raise PermissionDenied
    confirming = request.method == "POST" and selected is None
    data = request.POST if confirming else request.GET
    if selected is None:
        selected = [pk for pk in data.getlist("tags") if fits(Tag._meta.pk, pk)]
    tags = (
        Tag.objects.filter(pk__in=selected)
        .with_article_counts()
        .annotate(uses=Count("tagged_articles", distinct=True))
        .order_by("-uses", "name")
    )
    if len(tags) < 2:
        messages.warning(request, _("Choose at least two tags to merge."))
        return redirect("admin:articles_tag_changelist")
    if confirming:
        form = MergeForm(tags, request.POST)
        if form.is_valid():
            return merged(model_admin, request, **form.cleaned_data)
    else:
        chosen = next((t for t in tags if str(t.pk) == data.get("keep")), tags[0])
        form = MergeForm(tags, initial={"tags": tags, "keep": chosen})
    pks = [tag.pk for tag in tags]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Merge tags"),
        "opts": Tag._meta,
        "form": form,
        "old_slugs": TagRedirect.objects.filter(tag__in=pks).order_by("old_slug"),
        "articles": Article.objects.filter(tagged_items__tag__in=pks)
        .distinct()
        .aggregate(all=Count("pk"), public=Count("pk", filter=published_q())),
    }
    return TemplateResponse(request, "admin/articles/tag/merge.html", context)


def merged(model_admin, request, tags, keep):
    others = [tag for tag in tags if tag.pk != keep.pk]
    count = merge_tags(keep, others, user=request.user)
    model_admin.message_user(
        request,
        _("Merged %(merged)s into “%(keep)s”, which is now on %(count)d articles.")
        % {
            "merged": ", ".join(f"“{tag.name}”" for tag in others),
            "keep": keep.name,
            "count": count,
        },
        messages.SUCCESS,
    )
    return redirect("admin:articles_tag_changelist")


def suggest_view(model_admin, request):
    """JSON: up to ten tags whose name contains what was typed after the last
    comma of ``?q=``, most used first."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    tags = Tag.objects.suggestions(request.GET.get("q", ""), SUGGESTIONS)
    return JsonResponse({"results": [{"name": t.name, "uses": t.uses} for t in tags]})


class OldSlugInline(admin.TabularInline):
    """The addresses that redirect to this tag. They belong to the tag, so the
    tag's permissions apply; deleting one ends its redirect."""

    model = TagRedirect
    fields = readonly_fields = ["old_slug", "created_at"]
    extra = 0
    verbose_name = gettext_lazy("old address")
    verbose_name_plural = gettext_lazy("old addresses (they redirect here)")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_tag")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("articles.change_tag")
