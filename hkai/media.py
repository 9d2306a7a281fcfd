"""Image renditions, served by the site itself (gunicorn and WhiteNoise, no
web server in front: README.md's run shape).

Only renditions (``hkai.images.RENDITION_NAME``) are served: never an original
upload, which keeps its metadata (a photo's GPS position) for the archive.
Their names carry a hash of the image they were made from, so they never
change and browsers and CDNs may keep them for a year. WhiteNoise is not used
for them: it lists its files when a worker starts, and would not see an image
uploaded after that. With an object store (``DJANGO_MEDIA_STORAGE``), pages
link to the store's own addresses and this view is not reached.
"""

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from .images import RENDITION_NAME

FOREVER = 365 * 24 * 60 * 60
CONTENT_TYPES = {"webp": "image/webp", "jpg": "image/jpeg"}


@require_safe
def rendition(request, name):
    """The rendition stored as ``name``, or 404."""
    if not RENDITION_NAME.fullmatch(name) or {".", ".."} & set(name.split("/")):
        raise Http404
    try:
        file = storages["default"].open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        raise Http404 from None
    response = FileResponse(file, content_type=CONTENT_TYPES[name.rsplit(".", 1)[1]])
    response["Cache-Control"] = f"public, max-age={FOREVER}, immutable"
    return response
