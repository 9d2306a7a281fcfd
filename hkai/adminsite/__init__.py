"""The admin site, hardened against crafted requests (every model admin).

Django's admin trusts the values in an address or a form more than it should:
a non-numeric or huge id pre-filling an autocomplete field, selected for a bulk
action or edited in a list, a date-hierarchy drill-down to the year 9999, an
invalid filter. Each was a 500 (or Django's misleading "database error" page);
here each is a 400 saying what was wrong (``hkai.refusals.Refused``). The site
(``sites.AdminSite``) is Django's default admin site, through ``apps.AdminConfig``
in INSTALLED_APPS, so it covers every registered model admin, the third-party
ones (auth, axes, reversion's views) as well as ours.
"""
