"""Every article's body as feeds carry it, stored (``Article.feed_html``).

Feeds now read the body cleaned and with absolute addresses from this column
instead of preparing it on every request (articles/feed_html.py); without
this, an article saved before would have an empty one. What feeds show does
not change, so no public change is counted.
"""

from django.db import migrations, models

from articles.feed_html import prepare
from hkai.addresses import address


def fill(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    last = 0
    # A thousand at a time, by id: never updating a table while reading it.
    while batch := list(
        Article.objects.filter(pk__gt=last)
        .order_by("pk")
        .only("slug", "language", "body_html")[:1000]
    ):
        for article in batch:
            # Article.get_absolute_url, which a migration's model lacks.
            path = address("articles:detail", article.language, slug=article.slug)
            article.feed_html = prepare(article.body_html, path)
        Article.objects.bulk_update(batch, ["feed_html"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_rerender_bodies"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="feed_html",
            field=models.TextField(
                default="", editable=False, verbose_name="body (feed HTML)"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
