"""``manage.py make_share_card``: draw the site's share card and logo, once.

The card (1200 × 630, what Open Graph and Twitter's large card want) and the
square logo (512 × 512, the ``Organization`` logo in JSON-LD) are committed in
``static/img/``; the site never draws them, so it needs neither Pillow nor a
CJK font at run time. Run this again only to change them: it needs Pillow
(``pip install -e ".[dev]"``) and Noto Sans CJK (Debian's ``fonts-noto-cjk``).
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

CARD_SIZE = (1200, 630)
LOGO_SIZE = (512, 512)
# static/css/site.css's --accent and --accent-ink.
BACKGROUND = "#0b5cad"
INK = "#ffffff"
ENGLISH = "HK AI Observatory"
CHINESE = "香港人工智能觀察站"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FONT_INDEX = 4  # Noto Sans CJK HK in the collection (fc-query lists them)


class Command(BaseCommand):
    help = "Draw static/img/share-card.png and static/img/logo.png with Pillow."

    def add_arguments(self, parser):
        parser.add_argument("--font", default=FONT, help="A Noto Sans CJK .ttc")
        parser.add_argument("--font-index", type=int, default=FONT_INDEX)
        parser.add_argument(
            "--output",
            type=Path,
            default=Path(settings.BASE_DIR) / "static" / "img",
            help="Folder to write share-card.png and logo.png to.",
        )

    def handle(self, *args, font, font_index, output, **options):
        try:
            from PIL import Image, ImageDraw, ImageFont
        except ImportError as error:  # a dev tool: Pillow is in ".[dev]" only
            raise CommandError("Pillow is needed: pip install -e '.[dev]'") from error
        if not Path(font).exists():
            raise CommandError(f"No font at {font}: apt-get install fonts-noto-cjk")

        def face(size):
            return ImageFont.truetype(font, size, index=font_index)

        def draw(size, lines, path):
            """``lines`` (text, font size) centred one under another."""
            image = Image.new("RGB", size, BACKGROUND)
            pen = ImageDraw.Draw(image)
            boxes = [pen.textbbox((0, 0), text, font=face(s)) for text, s in lines]
            gap = size[1] // 20
            height = sum(b[3] - b[1] for b in boxes) + gap * (len(lines) - 1)
            top = (size[1] - height) / 2
            for (text, s), box in zip(lines, boxes, strict=True):
                left = (size[0] - (box[2] - box[0])) / 2 - box[0]
                pen.text((left, top - box[1]), text, font=face(s), fill=INK)
                top += box[3] - box[1] + gap
            image.save(path, optimize=True)
            self.stdout.write(f"{path}: {size[0]} × {size[1]}")

        output.mkdir(parents=True, exist_ok=True)
        draw(CARD_SIZE, [(ENGLISH, 88), (CHINESE, 72)], output / "share-card.png")
        draw(LOGO_SIZE, [("HK AI", 120), ("觀察站", 96)], output / "logo.png")
