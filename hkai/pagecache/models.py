"""The database's record of public changes: one row, one counter.

Every public change advances it, in the database the change was made in, so
a change the shared cache could not be told about (Redis unreachable or full)
is still on record, and every process finds it at its next check
(``core.verify``).
"""

from django.db import models
from django.db.models import F
from django.db.models.functions import Now

ROW = 1


class ContentVersionQuerySet(models.QuerySet):
    def current(self):
        """The number of public changes so far (0 before the first)."""
        return self.filter(pk=ROW).values_list("number", flat=True).first() or 0

    def stamp(self):
        """``(number, changed_at)``: the count, and when it last moved, which
        tells apart two databases at the same count (one restored from a
        backup, or a test's after another test's)."""
        return self.filter(pk=ROW).values_list("number", "changed_at").first() or (
            0,
            None,
        )

    def advance(self):
        """Count one more public change and return the new number."""
        if not self.filter(pk=ROW).update(number=F("number") + 1, changed_at=Now()):
            self.get_or_create(pk=ROW, defaults={"number": 1, "changed_at": Now()})
        return self.current()


class ContentVersion(models.Model):
    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)

    objects = ContentVersionQuerySet.as_manager()

    def __str__(self):
        return f"public change {self.number}"
