"""Backup and restore of the whole site: ``manage.py backup_site`` and
``manage.py restore_site`` (docs/deployment.md, "Backup and restore").

One archive holds every row of every model that is content (``scope``), the
media files read through the configured storage, and a manifest with counts
and checksums (``archive``). Infrastructure: it knows Django's registry,
serializers and storages, and no app's models; what an app derives from its
content (the search index) is rebuilt by that app's own command.
"""
