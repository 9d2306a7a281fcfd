"""Every article's body rendered again by today's renderer.

The body is rendered once, on save, into ``body_html``, which pages and feeds
read. The renderer now drops images from hosts the site does not allow (a
tracking pixel) and bounds its work; without this, a body saved before would
keep such an image in pages and feeds until an editor saved it again.
"""

from django.db import migrations
from django.db.models import F

from articles.reading import reading_minutes
from articles.text import render_markdown


def rerender(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    last = 0
    # A thousand at a time, by id: never updating a table while reading it.
    while batch := list(
        Article.objects.filter(pk__gt=last)
        .order_by("pk")
        .only("body", "body_html")[:1000]
    ):
        changed = []
        for article in batch:
            html = render_markdown(article.body)
            if html != article.body_html:
                article.body_html = html
                article.reading_minutes = reading_minutes(html)
                changed.append(article)
        Article.objects.bulk_update(changed, ["body_html", "reading_minutes"])
        last = batch[-1].pk
    # Pages cached before show the old bodies: count a public change.
    ContentVersion = apps.get_model("pagecache", "ContentVersion")
    ContentVersion.objects.filter(pk=1).update(number=F("number") + 1)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_hero_image"),
        ("pagecache", "0001_initial"),
    ]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
