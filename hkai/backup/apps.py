from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "hkai.backup"
    label = "backup"
