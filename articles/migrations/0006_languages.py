import uuid

from django.db import migrations, models


def one_group_per_article(apps, schema_editor):
    """Every existing article is its own translation group (a new field with a
    default would give them all the same one)."""
    Article = apps.get_model("articles", "Article")
    for pk in Article.objects.values_list("pk", flat=True):
        Article.objects.filter(pk=pk).update(translation_group=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_old_addresses"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="language",
            field=models.CharField(
                choices=[("en", "English"), ("zh-hant", "Traditional Chinese")],
                default="en",
                help_text="Each language's edition lists only its own articles.",
                max_length=10,
                verbose_name="language",
            ),
        ),
        migrations.AddField(
            model_name="article",
            name="translation_group",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(one_group_per_article, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="translation_group",
            field=models.UUIDField(
                db_index=True,
                default=uuid.uuid4,
                editable=False,
                verbose_name="translation group",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("translation_group", "language"),
                name="one_translation_per_language",
            ),
        ),
    ]
