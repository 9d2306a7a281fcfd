"""Translation catalogues: ``manage.py compile_catalogues`` builds every
``locale/*/LC_MESSAGES/*.po`` into the ``.mo`` Django reads, with polib (pure
Python), so neither the run command nor the tests need GNU gettext.

Only ``makemessages``, which developers run to collect new strings, needs
GNU gettext (docs/translation.md). The app imports no other app of the site.
"""
