"""An article's hero image: its renditions made once, when the article is saved
with a new image (hkai/images.py), recorded on the article (``hero_renditions``)
so pages show them with no query of their own, and removed when no article
shows that image any more.

Originals are never deleted: django-reversion keeps earlier versions of an
article, and reverting or recovering one brings its image back. Renditions can
always be made again, so they are what is removed: once the transaction that
replaced, cleared or deleted the image commits (a rolled-back preview removes
nothing). An article saved with an image whose renditions are gone (a reverted
or recovered version) gets them made again.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import signals

from hkai import images

logger = logging.getLogger(__name__)

# What a browser without srcset support is given: wide enough for a card and a
# phone, small enough to be quick.
FALLBACK_WIDTH = 960


def prepare_hero(article):
    """Before ``article`` is written: a new upload stored under its final name,
    renditions made for it if it has none yet, and those of the image it
    replaced (or the one cleared) removed after the commit."""
    made = article.hero_renditions or {}
    article.__dict__.pop("hero", None)  # Article.hero, cached from before
    if not article.hero_image:
        article.hero_renditions = {}
        _discard(article, made)
        return
    # The field stores an upload as Django would when the row is written (its
    # documented pre_save), so the renditions are named after the final name.
    field = article._meta.get_field("hero_image")
    name = field.pre_save(article, article._state.adding).name
    storage = article.hero_image.storage
    if made.get("source") == name and _all_there(storage, made):
        return
    try:
        renditions = images.make_renditions(storage, name)
    except Exception:
        # The original is gone from the store, or the store failed: the save
        # goes on with what was recorded (an editor's text is never lost to a
        # picture), and the next save tries again.
        logger.exception("No renditions could be made of %s", name)
        return
    article.hero_renditions = {
        "source": name,
        "renditions": [r.as_dict() for r in renditions],
    }
    _discard(article, made, keep={r.name for r in renditions})


def _all_there(storage, made):
    renditions = made.get("renditions") or []
    return bool(renditions) and all(storage.exists(r["name"]) for r in renditions)


def _discard(article, made, keep=frozenset()):
    """Remove the renditions recorded in ``made`` once this transaction commits,
    unless an article (a copy saved "as new", say) still shows that image."""
    names = [r["name"] for r in made.get("renditions", []) if r["name"] not in keep]
    source = made.get("source")
    if not names or not source:
        return
    storage = article.hero_image.storage
    articles = type(article)._default_manager

    def delete():
        if not articles.filter(hero_image=source).exists():
            images.delete_renditions(storage, names)

    transaction.on_commit(delete)


def article_deleted(sender, instance, **kwargs):
    """The renditions go with the article; the original stays for its history."""
    _discard(instance, instance.hero_renditions or {})


def connect(sender):
    signals.post_delete.connect(article_deleted, sender=sender)


@dataclass(frozen=True)
class Source:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """What ``includes/picture.html`` shows: WebP and JPEG sources, narrowest
    first, and the description."""

    alt: str
    webp: list
    jpeg: list

    @property
    def webp_srcset(self):
        return _srcset(self.webp)

    @property
    def jpeg_srcset(self):
        return _srcset(self.jpeg)

    @property
    def fallback(self):
        """The JPEG an ``<img src>`` names; its size gives the aspect ratio."""
        fitting = [s for s in self.jpeg if s.width <= FALLBACK_WIDTH]
        return fitting[-1] if fitting else self.jpeg[0]


def picture(article):
    """``article``'s hero image as a ``Picture``, or None; no query, and no
    storage call beyond building addresses."""
    made = article.hero_renditions or {}
    if not article.hero_image or not made.get("renditions"):
        return None
    storage = article.hero_image.storage
    by_format = {"webp": [], "jpg": []}
    for r in sorted(made["renditions"], key=lambda r: r["width"]):
        by_format[r["format"]].append(
            Source(storage.url(r["name"]), r["width"], r["height"])
        )
    return Picture(article.hero_alt, by_format["webp"], by_format["jpg"])


def _srcset(sources):
    return ", ".join(f"{s.url} {s.width}w" for s in sources)
