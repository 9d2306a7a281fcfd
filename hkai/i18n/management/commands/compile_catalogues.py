"""``manage.py compile_catalogues``: every ``.po`` under LOCALE_PATHS to ``.mo``.

Django's ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh
machine does not have; polib is pure Python and installs with the project.
The run command (``python -m hkai.demo``) and the test suite run this, so the
committed ``.po`` is always what is served. A catalogue with a fuzzy or
untranslated entry, or with placeholders its code cannot fill, is refused:
it is not compiled and the command fails, naming each entry.
"""

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hkai.i18n import catalogues


class Command(BaseCommand):
    help = (
        "Compile every locale/*/LC_MESSAGES/*.po to .mo (no GNU gettext needed); "
        "refuse fuzzy, untranslated or mismatched entries."
    )
    requires_system_checks = []

    def handle(self, *args, verbosity=1, **options):
        refused = []
        for path in catalogues.find():
            po = polib.pofile(str(path))
            if found := catalogues.problems(po):
                refused.append(f"{self._name(path)}:")
                refused += [f"  {problem}" for problem in found]
                continue
            written = catalogues.compile_to(po, path.with_suffix(".mo"))
            if verbosity >= 1:
                what = "compiled" if written else "up to date"
                count = len(po.translated_entries())
                self.stdout.write(f"{self._name(path)}: {what} ({count} messages)")
        if refused:
            raise CommandError(
                "Refused (translate each entry, or remove its fuzzy flag, "
                "see docs/translation.md):\n" + "\n".join(refused)
            )

    @staticmethod
    def _name(path):
        try:
            return str(path.relative_to(settings.BASE_DIR))
        except ValueError:
            return str(path)
