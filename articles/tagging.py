"""Tag names as readers see them: one tag per name, whatever width or case.

"ＡＩ" (typed on a Chinese keyboard), "ai" and "AI" are one tag, kept under
the spelling it was first given; so are "Research" and "RESEARCH". Names are
folded (``tag_name``) before anything looks them up, validates or stores
them, on every way in: the admin's tags field, ``article.tags.add/set``, the
tag admin.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _
from taggit.forms import TagField
from taggit.managers import _TaggableManager

from hkai.fields import LineField
from hkai.text import clean_line, fold_width

from .widgets import TagSuggestWidget

TAG_MAX_LENGTH = 100


def tag_name(value):
    """A tag name as stored: one clean line, compatibility forms folded."""
    return clean_line(fold_width(clean_line(value)))


def tag_slug(name):
    """A Unicode slug (私隱 stays 私隱); a name with no letters or digits gets
    a stable hash, never an empty slug."""
    name = tag_name(name)
    slug = slugify(name, allow_unicode=True)[:90].strip("-_")
    return slug or "tag-" + hashlib.sha1(name.encode()).hexdigest()[:8]


def check_tag_names(names):
    """Raise a ValidationError naming every tag that is too long."""
    too_long = [name for name in names if len(name) > TAG_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            _("A tag may have at most %(max)d characters: %(tags)s")
            % {
                "max": TAG_MAX_LENGTH,
                "tags": ", ".join(f"“{n[:30]}…”" for n in too_long),
            },
            code="max_length",
        )


class TagNameField(LineField):
    clean_value = staticmethod(tag_name)


class TagsFormField(TagField):
    """The admin's comma-separated tags, folded and checked before saving, with
    existing tags suggested while typing."""

    widget = TagSuggestWidget

    def to_python(self, value):
        # Width folded before taggit splits the text: a comma typed on a
        # Chinese keyboard (，) separates tags, as the suggestions assume.
        return fold_width(super().to_python(value))

    def clean(self, value):
        names = [tag_name(name) for name in super().clean(value)]
        names = [name for name in names if name]
        check_tag_names(names)
        return names


class NormalisingTagManager(_TaggableManager):
    """``article.tags``: names are folded and matched to existing tags in any
    case before taggit looks them up (taggit matches case in SQL, which
    SQLite does for ASCII only, and never folds width)."""

    def add(self, *tags, **kwargs):
        return super().add(*self._resolve(tags), **kwargs)

    def set(self, tags, **kwargs):
        return super().set(self._resolve(tags), **kwargs)

    def remove(self, *tags):
        resolved = self._resolve(tags)
        return super().remove(*(getattr(tag, "name", tag) for tag in resolved))

    def _resolve(self, tags):
        """Existing tags for the names that match one, new names folded, each
        tag once, in the order given."""
        tag_model = self.through.tag_model()
        given = [tag_name(t) if isinstance(t, str) else t for t in tags]
        names = [t for t in given if isinstance(t, str) and t]
        check_tag_names(names)
        existing = {tag.name.casefold(): tag for tag in tag_model.objects.named(names)}
        resolved, seen = [], set()
        for tag in given:
            if isinstance(tag, str):
                if not tag:
                    continue
                tag = existing.get(tag.casefold(), tag)
            folded = getattr(tag, "name", tag).casefold()
            if folded not in seen:
                seen.add(folded)
                resolved.append(tag)
        return resolved
