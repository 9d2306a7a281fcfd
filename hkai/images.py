"""Uploaded images: checked before they are kept, and renditions made once.

An upload is refused with a form error, never a 500, when it is too big (in
bytes or in pixels, decompression bombs included), is not an image, is in a
format the site does not take, or is damaged (truncated). Renditions are made
once per image, in WebP and JPEG at a few widths (never wider than the
original), upright (EXIF orientation applied) and without metadata (no EXIF,
no GPS, no XMP), and are stored next to the original under a name made from a
hash of the original's content, so their address can be cached forever.

Infrastructure: this module knows storages and Pillow, and no app's models.
"""

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# What an upload may be (Pillow's format names). Only a GIF's or an animated
# WebP's first frame is shown. Many cameras' JPEGs open as MPO (a JPEG with
# extra pictures after the first).
FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
WIDTHS = (480, 960, 1600)
# Change it when renditions are made differently: every image then gets new
# rendition names, so no cache keeps an old one under a forever address.
RECIPE = "1"
OUTPUTS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpg": ("JPEG", {"quality": 82, "optimize": True, "progressive": True}),
}
# <stem>.<12 hex digits of the original's hash>.<width>w.<webp|jpg>
RENDITION_NAME = re.compile(
    r"(?:[\w-]+/)*[\w.-]+\.[0-9a-f]{12}\.[0-9]{1,5}w\.(?:webp|jpg)"
)


class ImageUploadField(forms.ImageField):
    """An image field that refuses, with a message saying why, what the site
    cannot or should not turn into renditions."""

    default_error_messages = {
        "too_large": _("This file is %(size)s; images may be at most %(limit)s."),
        "not_image": _(
            "This file is not an image the site can read. Upload a JPEG, PNG, "
            "WebP or GIF image."
        ),
        "unsupported": _(
            "%(format)s images are not accepted. Upload a JPEG, PNG, WebP or GIF image."
        ),
        "too_many_pixels": _(
            "This image is %(width)s × %(height)s pixels; images may have at most "
            "%(limit)s million pixels. Make it smaller and upload it again."
        ),
        "bomb": _(
            "This image has far too many pixels to be opened safely; images may "
            "have at most %(limit)s million pixels. Make it smaller and upload it "
            "again."
        ),
        "damaged": _(
            "This image is damaged or incomplete (was the upload cut short?). "
            "Open it on your computer, save it again and upload it again."
        ),
    }

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        limit = settings.MAX_IMAGE_BYTES
        if upload.size > limit:
            raise self._error(
                "too_large",
                size=filesizeformat(upload.size),
                limit=filesizeformat(limit),
            )
        image = self._decoded(upload)
        upload.image = image
        upload.content_type = Image.MIME.get(image.format)
        upload.seek(0)
        return upload

    def _decoded(self, upload):
        """The upload opened and decoded in full (a truncated file fails only
        then), after its size in pixels was checked from its header."""
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow warns above Image.MAX_IMAGE_PIXELS and refuses at twice
            # that: both are "too many pixels" here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(upload)
            except (Image.DecompressionBombWarning, Image.DecompressionBombError):
                raise self._error("bomb", limit=_megapixels()) from None
            except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
                raise self._error("not_image") from None
            if image.format not in FORMATS:
                raise self._error("unsupported", format=image.format)
            width, height = image.size
            if width * height > settings.MAX_IMAGE_PIXELS:
                raise self._error(
                    "too_many_pixels", width=width, height=height, limit=_megapixels()
                )
            try:
                image.load()
            except Exception:  # Pillow raises many kinds for a broken file
                raise self._error("damaged") from None
        return image

    def _error(self, key, **params):
        return forms.ValidationError(self.error_messages[key], code=key, params=params)


def _megapixels():
    return f"{settings.MAX_IMAGE_PIXELS / 1_000_000:g}"


@dataclass(frozen=True)
class Rendition:
    """One file made from an image: what a ``srcset`` lists."""

    name: str
    format: str  # "webp" or "jpg"
    width: int
    height: int

    def as_dict(self):
        return {
            "name": self.name,
            "format": self.format,
            "width": self.width,
            "height": self.height,
        }


def rendition_widths(width):
    """The widths to make for an image ``width`` pixels wide: never wider than
    it, and its own width too when it is narrower than the widest."""
    widths = [w for w in WIDTHS if w <= width]
    if width < WIDTHS[-1] and width not in widths:
        widths.append(width)
    return widths


def make_renditions(storage, name):
    """Make (or find, from an earlier run) the renditions of the image stored
    as ``name`` in ``storage``; a list of ``Rendition``."""
    with storage.open(name, "rb") as original:
        content = original.read()
    digest = hashlib.sha256(content + RECIPE.encode()).hexdigest()[:12]
    stem = str(PurePosixPath(name).with_suffix(""))
    image = _upright(Image.open(io.BytesIO(content)))
    renditions = []
    for width in rendition_widths(image.width):
        height = max(1, round(image.height * width / image.width))
        # reducing_gap: a large photo is first shrunk by whole factors (fast),
        # then resampled with Lanczos from no more than 3 times the size.
        resized = image.resize(
            (width, height), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
        for ext in OUTPUTS:
            rendition = Rendition(f"{stem}.{digest}.{width}w.{ext}", ext, width, height)
            if not storage.exists(rendition.name):
                storage.save(rendition.name, ContentFile(_encoded(resized, ext)))
            renditions.append(rendition)
    return renditions


def delete_renditions(storage, names):
    """Remove rendition files; never an original (only names a rendition has)."""
    for name in names:
        if RENDITION_NAME.fullmatch(name):
            storage.delete(name)


def _upright(image):
    """The first frame, turned as its EXIF orientation says, in RGB or RGBA,
    with no metadata left to copy into a rendition."""
    image.seek(0)
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.info = {}  # EXIF (GPS), XMP, comments: none of it reaches readers
    return image


def _encoded(image, ext):
    pillow_format, options = OUTPUTS[ext]
    if pillow_format == "JPEG" and image.mode == "RGBA":
        # JPEG has no transparency: flatten onto white.
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **options)
    return buffer.getvalue()
