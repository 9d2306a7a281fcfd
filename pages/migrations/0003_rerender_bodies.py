"""Every page's body, in every language, rendered again by today's renderer
(which drops images from hosts the site does not allow): as
articles/migrations/0011_rerender_bodies.py does for articles."""

from django.conf import settings
from django.db import migrations
from modeltranslation.utils import build_localized_fieldname

from articles.text import render_markdown


def rerender(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for page in Page.objects.all():
        for code, _name in settings.LANGUAGES:
            body = getattr(page, build_localized_fieldname("body", code)) or ""
            html = render_markdown(body) if body.strip() else ""
            setattr(page, build_localized_fieldname("body_html", code), html)
        page.save()


class Migration(migrations.Migration):
    dependencies = [("pages", "0002_seed_pages"), ("articles", "0011_rerender_bodies")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
