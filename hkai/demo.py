"""``python -m hkai.demo``: the local demo in one command.

Keeps a generated secret key under ``var/`` (git-ignored), migrates, loads
the demo content, compiles the translation catalogues, collects static files,
resets the demo editor's password to a new random one and prints it, then
replaces itself with gunicorn on http://127.0.0.1:8000 using the project's
gunicorn config.
"""

import os
import secrets
import shutil
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
DEMO_USERNAME = "demo-editor"


def secret_key():
    """The demo's own key, made once and kept, so sessions survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def prepare():
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=1)
    call_command("load_demo")
    # The .mo files are built, never committed: polib, no GNU gettext needed.
    call_command("compile_catalogues", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return reset_demo_editor()


def reset_demo_editor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    password = secrets.token_urlsafe(12)
    user, _ = get_user_model().objects.get_or_create(
        username=DEMO_USERNAME, defaults={"first_name": "Demo", "last_name": "Editor"}
    )
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name="Editor"))
    return password


def main():
    os.chdir(BASE_DIR)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hkai.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", secret_key())
    password = prepare()
    bind = os.environ.setdefault("GUNICORN_BIND", "127.0.0.1:8000")
    print(
        f"\nHK AI Observatory is starting on http://{bind}/\n"
        f"Admin: http://{bind}/admin/  user: {DEMO_USERNAME}  password: {password}\n"
        "(a new password is made each time this command runs)\n",
        flush=True,
    )
    gunicorn = (
        shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    )
    os.execv(gunicorn, [gunicorn, "-c", "hkai/gunicorn.conf.py", "hkai.wsgi"])


if __name__ == "__main__":
    main()
