"""What a backup holds: every row of every model, except those named below.

A new model is backed up without anyone having to remember it; leaving one
out is a decision, written here with its reason.
"""

from django.apps import apps
from django.db import connection

# Not in the archive, and why.
EXCLUDED = {
    "contenttypes.contenttype": "made by `migrate`; rows point to them by natural key",
    "auth.permission": "made by `migrate`; rows point to them by natural key",
    "sessions.session": (
        "sign-ins of the moment: a restored site asks everyone to sign in again, "
        "and a session must never carry over to a user restored under its id"
    ),
    "axes.accessattempt": "failed sign-ins counted for lockouts of 15 minutes",
    "axes.accesslog": "a log of sign-ins (addresses, browsers): kept no longer",
    "axes.accessfailurelog": "a log of failed sign-ins: kept no longer",
    "pagecache.contentversion": (
        "the count of public changes: advanced after a restore, so every "
        "cached page is dropped"
    ),
    "articles.searchdocument": "the search index: rebuilt from the articles",
}
# Derived from the content: rebuilt after a restore, by the apps' own commands.
REBUILD_COMMANDS = ["rebuild_search_index"]
# Filled by migrations in a new database (the groups, the taxonomy, the
# footer's pages): a restore replaces them; their rows do not make a
# database "not empty".
SEEDED = {"auth.group", "sectors.sector", "sectors.challenge", "pages.page"}


def backed_up():
    """The models whose rows the archive holds, in the registry's order."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in EXCLUDED
    ]


def content_counts(models=None):
    """``{label: rows}`` for the backed-up models that hold any rows and that
    migrations do not fill: what a restore would overwrite."""
    counts = {}
    for model in models or backed_up():
        if model._meta.label_lower in SEEDED:
            continue
        n = model._base_manager.count()
        if n:
            counts[model._meta.label] = n
    return counts


def tables_to_clear():
    """Tables a restore empties before loading: the backed-up models' (with
    their many-to-many tables), and those that point at their rows (sessions,
    the search index, lockout records). Never the content types and
    permissions (the archive refers to them) or the change counter."""
    keep = {"contenttypes.contenttype", "auth.permission", "pagecache.contentversion"}
    existing = set(connection.introspection.table_names())
    return sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in keep
        and model._meta.db_table in existing
    )
