from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hkai.accounts"
    label = "accounts"
    verbose_name = "Accounts"
