from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """django.contrib.admin, with ``hkai.adminsite.sites.AdminSite`` as the
    default site (Django's documented way to override ``admin.site``)."""

    default_site = "hkai.adminsite.sites.AdminSite"
