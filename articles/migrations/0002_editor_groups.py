"""The Editor and Author groups.

Authors write and edit drafts; editors also publish, unpublish and feature,
and look after sectors, challenges and tags.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.view_tag",
    "articles.add_tag",
    "sectors.view_sector",
    "sectors.view_challenge",
    "auth.view_user",
]
EDITOR = AUTHOR + [
    "articles.delete_article",
    "articles.publish_article",
    "articles.change_tag",
    "articles.delete_tag",
    "sectors.add_sector",
    "sectors.change_sector",
    "sectors.add_challenge",
    "sectors.change_challenge",
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure
    # they exist now so the groups can be given them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in (("Author", AUTHOR), ("Editor", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Author", "Editor"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("sectors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
