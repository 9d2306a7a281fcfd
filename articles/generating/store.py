"""Planned articles into the database, a few bulk inserts per batch.

Bulk inserts skip ``Article.save()``, ``Tag.save()`` and every signal, so what
those do is done here: the body's HTML rendered with the same function, the
new slugs cleared from the old-address tables. Telling the page cache is the
caller's (one ``content_changed()`` for the whole run).
"""

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F

from articles.feed_html import prepare as prepare_feed_html
from articles.models import Article, ArticleRedirect, Tag, TaggedArticle, TagRedirect
from articles.reading import reading_minutes
from articles.tagging import tag_name, tag_slug
from articles.text import render_markdown
from hkai.addresses import address

from .plan import AUTHORS, slug_prefix

BATCH = 2000
BYLINES = [
    ("gen-chan", "Mei-ling", "Chan"),
    ("gen-wong", "Ka-yan", "Wong"),
    ("gen-lee", "Chun-kit", "Lee"),
    ("gen-cheung", "Hoi-ting", "Cheung"),
    ("gen-lam", "Wing-sze", "Lam"),
    ("gen-ng", "Tsz-hin", "Ng"),
][:AUTHORS]


def next_number(seed):
    """The number after the highest one this seed's slugs have used."""
    prefix = slug_prefix(seed)
    slugs = Article.objects.filter(slug__startswith=prefix).values_list(
        "slug", flat=True
    )
    numbers = (slug[len(prefix) :] for slug in slugs)
    return max((int(n) for n in numbers if n.isdigit()), default=-1) + 1


def authors():
    """The generated articles' authors, created on first use."""
    users = get_user_model().objects
    return [
        users.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )[0]
        for username, first, last in BYLINES
    ]


def tags(names):
    """``{name: Tag}``: a tag that exists under any case or width is reused
    (as ``article.tags.add`` would), the others are made in one insert."""
    folded = list(dict.fromkeys(tag_name(name) for name in names))
    found = {tag.name.casefold(): tag for tag in Tag.objects.named(folded)}
    missing = [name for name in folded if name.casefold() not in found]
    taken = set(
        Tag.objects.filter(slug__in=[tag_slug(n) for n in missing]).values_list(
            "slug", flat=True
        )
    )
    new = []
    for name in missing:
        slug = _free_slug(tag_slug(name), taken)
        taken.add(slug)
        new.append(Tag(name=name, slug=slug))
    Tag.objects.bulk_create(new)
    TagRedirect.objects.filter(old_slug__in=[tag.slug for tag in new]).delete()
    found.update((tag.name.casefold(), tag) for tag in new)
    return {name: found[tag_name(name).casefold()] for name in names}


def _free_slug(slug, taken):
    """``slug``, or with the first suffix that is free (as ``Tag.slugify``)."""
    if slug not in taken:
        return slug
    taken |= set(
        Tag.objects.filter(slug__startswith=slug).values_list("slug", flat=True)
    )
    i = 1
    while f"{slug}_{i}" in taken:
        i += 1
    return f"{slug}_{i}"


def insert(batch, bylines, tags_by_name):
    """Insert the planned articles and their links to sectors, challenges and
    tags; created and updated at their publication date, as ``load_demo``
    leaves published articles."""
    articles = Article.objects.bulk_create(
        [_article(planned, bylines) for planned in batch]
    )
    if any(article.pk is None for article in articles):
        raise RuntimeError("this database does not return the ids of bulk inserts")
    pairs = list(zip(articles, batch, strict=True))
    sector_link, challenge_link = Article.sectors.through, Article.challenges.through
    sector_link.objects.bulk_create(
        sector_link(article_id=a.pk, sector_id=pk)
        for a, p in pairs
        for pk, _ in p.sectors
    )
    challenge_link.objects.bulk_create(
        challenge_link(article_id=a.pk, challenge_id=pk)
        for a, p in pairs
        for pk, _ in p.challenges
    )
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object_id=a.pk, tag_id=tag_pk)
        for a, p in pairs
        for tag_pk in dict.fromkeys(tags_by_name[name].pk for name in p.tags)
    )
    ids = [article.pk for article in articles]
    ArticleRedirect.objects.filter(old_slug__in=[p.slug for p in batch]).delete()
    Article.objects.filter(pk__in=ids).update(
        created_at=F("published_at"), updated_at=F("published_at")
    )
    return articles


def _article(planned, bylines):
    # What Article.save() does, which a bulk insert skips.
    body_html = render_markdown(planned.body)
    path = address("articles:detail", planned.language, slug=planned.slug)
    return Article(
        title=planned.title,
        slug=planned.slug,
        summary=planned.summary,
        body=planned.body,
        body_html=body_html,
        feed_html=prepare_feed_html(body_html, path),
        reading_minutes=reading_minutes(body_html),
        author=bylines[planned.author],
        status=Article.Status.PUBLISHED,
        language=planned.language,
        translation_group=planned.group,
        published_at=planned.published_at,
        featured=planned.featured,
    )


def analyze():
    """Refresh PostgreSQL's planner statistics of the tables just filled, as
    autovacuum would a little later: until then it plans for the empty tables
    it last saw (an article list at 100,000 took 0.5 s instead of 0.1 s).
    SQLite gathers statistics only when told to, which a site does not do."""
    if connection.vendor != "postgresql":
        return
    models = (
        Article,
        Article.sectors.through,
        Article.challenges.through,
        Tag,
        TaggedArticle,
    )
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
