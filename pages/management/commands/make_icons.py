"""``manage.py make_icons``: draw the site's PNG and ICO icons with Pillow.

The mark is drawn from the same shapes as ``static/icons/favicon.svg`` (an
observatory dome with its slit open, and a star), on a 64-unit grid, at four
times the size and scaled down for smooth edges. The files are committed:
run this again only when the mark changes. Pillow is a development and test
dependency, not one the site needs to run.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw

ICONS = Path(settings.BASE_DIR) / "static" / "icons"
# Served at the site's root by WhiteNoise (WHITENOISE_ROOT): /favicon.ico and
# /apple-touch-icon.png, the addresses browsers ask for without being told.
ROOT_FILES = Path(settings.WHITENOISE_ROOT)

ACCENT = "#0b5cad"  # --accent in static/css/site.css
WHITE = "#ffffff"
GRID = 64
SUPERSAMPLE = 4

PNGS = {
    "favicon-32.png": 32,
    "icon-192.png": 192,
    "icon-512.png": 512,
    "apple-touch-icon.png": 180,
}
ICO_SIZES = [(16, 16), (32, 32), (48, 48)]


def draw_mark(size, rounded=True):
    """The mark as a ``size``-pixel square RGBA image. Apple's touch icons are
    square (iOS rounds the corners itself): ``rounded=False``."""
    big = size * SUPERSAMPLE
    unit = big / GRID
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def box(x0, y0, x1, y1):
        return [x0 * unit, y0 * unit, x1 * unit, y1 * unit]

    if rounded:
        draw.rounded_rectangle(box(0, 0, 64, 64), radius=14 * unit, fill=ACCENT)
    else:
        draw.rectangle(box(0, 0, 64, 64), fill=ACCENT)
    draw.pieslice(box(12, 20, 52, 60), 180, 360, fill=WHITE)  # the dome
    draw.rectangle(box(10, 40, 54, 46), fill=WHITE)  # its base
    draw.rectangle(box(29.5, 21, 34.5, 40), fill=ACCENT)  # the open slit
    draw.ellipse(box(44, 9, 52, 17), fill=WHITE)  # the star it watches
    return image.resize((size, size), Image.Resampling.LANCZOS)


class Command(BaseCommand):
    help = "Draw the PNG icons and favicon.ico from the site's mark."

    def handle(self, *args, **options):
        ICONS.mkdir(parents=True, exist_ok=True)
        ROOT_FILES.mkdir(parents=True, exist_ok=True)
        for name, size in PNGS.items():
            mark = draw_mark(size, rounded=name != "apple-touch-icon.png")
            if name == "apple-touch-icon.png":
                mark = mark.convert("RGB")  # iOS shows transparency as black
            mark.save(ICONS / name, optimize=True)
            self.stdout.write(f"{ICONS / name}: {size}x{size}")
        apple = Image.open(ICONS / "apple-touch-icon.png")
        apple.save(ROOT_FILES / "apple-touch-icon.png", optimize=True)
        draw_mark(256).save(ROOT_FILES / "favicon.ico", sizes=ICO_SIZES)
        self.stdout.write(f"{ROOT_FILES}: favicon.ico, apple-touch-icon.png")
