"""The rows: dumped in one consistent snapshot, loaded in one transaction.

Primary keys are kept, so every reference that is not a foreign key still
holds after a restore: a revision's ``object_id``, the ids inside its
serialized versions, an address in the admin. Content types and permissions
are referred to by natural key (app label and model, codename): the target
database made its own with ``migrate``, with ids of its own.
"""

import io

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from . import scope


def migrations():
    """The migrations applied to the database, as ``app.name``, sorted."""
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def snapshot_isolation():
    """In the current transaction, read one moment of the database however
    long the dump takes. PostgreSQL's default reads what others commit
    meanwhile; SQLite's transaction already reads one moment."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def dump(binary_file):
    """Write every backed-up row to ``binary_file`` as JSON Lines; the counts
    of rows per model. Call it in a transaction, after ``snapshot_isolation``."""
    models = scope.backed_up()
    counts = {model._meta.label: model._base_manager.count() for model in models}
    text = io.TextIOWrapper(binary_file, encoding="utf-8", newline="\n")
    call_command(
        "dumpdata",
        *(model._meta.label for model in models),
        format="jsonl",
        natural_foreign=True,
        use_base_manager=True,
        stdout=text,
    )
    text.flush()
    text.detach()
    return counts


def clear():
    """Empty every table a restore fills or leaves pointing at nothing."""
    tables = scope.tables_to_clear()
    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=False)
    connection.ops.execute_sql_flush(statements)


def load(path):
    """Load the rows of the JSON Lines file at ``path`` (Django's loaddata:
    references checked at the end, PostgreSQL's sequences moved past the
    loaded ids)."""
    call_command("loaddata", str(path), verbosity=0)


def count_mismatches(counts):
    """``[(label, expected, found)]`` for each model whose rows differ in
    number from ``counts``."""
    wrong = []
    for label, expected in counts.items():
        found = apps.get_model(label)._base_manager.count()
        if found != expected:
            wrong.append((label, expected, found))
    return wrong
