"""Signing in: lockouts after repeated failures, and who may lift them.

django-axes does the counting (settings.py: ``AXES_*``); this app holds what
the site adds to it, each small:

- ``lockouts``: the address a failure is counted against (REMOTE_ADDR, or the
  entry a configured proxy wrote), and the lockout page;
- ``admin``: axes's list of failed sign-ins, with an "Unlock" action;
- ``migrations``: the Editor group may see and lift lockouts.

Idle staff sessions end by Django's own settings (``SESSION_COOKIE_AGE``,
``SESSION_SAVE_EVERY_REQUEST``). The app imports no other app of the site.
"""
