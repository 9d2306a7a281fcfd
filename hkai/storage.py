"""Uploads on the local disk that never leave half a file behind.

Django's ``FileSystemStorage`` writes an upload chunk by chunk into its final
name; when the disk fills (or a quota, or a file-size limit, stops it) the
write fails and the part already written stays there under that name, looking
like a real image. This storage removes it and lets the error go on, so the
caller (the article form: ``articles/admin_forms.py``) can say what happened
and nothing on disk claims to be an image it is not.
"""

import contextlib
import os

from django.core.files.storage import FileSystemStorage


class MediaStorage(FileSystemStorage):
    """``FileSystemStorage`` that removes a file it failed to write in full."""

    def _save(self, name, content):
        # Storage.save() has just chosen ``name`` as a name no file has
        # (get_available_name): a file there after a failure is the part this
        # call wrote. Unless it was there before (a race with another writer,
        # which Django answers with a new name): that one is not ours.
        path = self.path(name)
        existed = os.path.lexists(path)
        try:
            return super()._save(name, content)
        except OSError:
            if not existed:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
            raise
