"""Hero images for a few demo articles, drawn with Pillow when the demo loads
(gradients and shapes: nothing is downloaded, nothing is committed)."""

import io
from functools import lru_cache

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

SIZE = (1600, 900)

# slug: (motif, top colour, bottom colour, description); both editions of an
# article get the same picture, described in their own language.
PICTURES = {
    "generative-ai-classrooms-exam-season": (
        "network",
        "#123a5e",
        "#3f8f9e",
        "An illustration: glowing dots joined by lines, like a neural network, "
        "over a deep blue sky.",
    ),
    "生成式人工智能-學校重新思考功課": (
        "network",
        "#123a5e",
        "#3f8f9e",
        "插圖：深藍色天空中，發光的圓點以線條相連，猶如神經網絡。",
    ),
    "science-park-ai-startups-funding": (
        "skyline",
        "#f4a259",
        "#7b2d5b",
        "An illustration: a city skyline of dark towers against a sunset.",
    ),
    "人工智能初創之路": (
        "skyline",
        "#f4a259",
        "#7b2d5b",
        "插圖：日落下，一排深色高樓構成的城市天際線。",
    ),
    "smart-lampposts-privacy-questions": (
        "lampposts",
        "#1d2b3a",
        "#4b6584",
        "An illustration: a row of street lamps glowing along a road at night.",
    ),
    "再談智慧燈柱-感應器與私隱": (
        "lampposts",
        "#1d2b3a",
        "#4b6584",
        "插圖：夜裏，一排街燈沿路亮着。",
    ),
}


def picture_for(slug):
    """``{"hero_image": …, "hero_alt": …}`` for a demo article, or ``{}``."""
    if slug not in PICTURES:
        return {}
    motif, top, bottom, alt = PICTURES[slug]
    content = ContentFile(_drawn(motif, top, bottom), name=f"demo-{motif}.jpg")
    return {"hero_image": content, "hero_alt": alt}


@lru_cache
def _drawn(motif, top, bottom):
    image = _gradient(top, bottom)
    MOTIFS[motif](ImageDraw.Draw(image))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def _gradient(top, bottom):
    """Top to bottom: a 1-pixel-wide column of colours, stretched."""
    width, height = SIZE
    start, end = Image.new("RGB", (1, 1), top), Image.new("RGB", (1, 1), bottom)
    mask = Image.linear_gradient("L").resize((1, height))
    column = Image.composite(end.resize((1, height)), start.resize((1, height)), mask)
    return column.resize(SIZE)


def _network(draw):
    nodes = [(150 + (i * 337) % 1300, 120 + (i * 211) % 660) for i in range(18)]
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 : i + 3]:
            draw.line([a, b], fill="#9be7ff", width=3)
    for x, y in nodes:
        draw.ellipse([x - 14, y - 14, x + 14, y + 14], fill="#e0fbff")


def _skyline(draw):
    draw.ellipse([1080, 260, 1380, 560], fill="#ffd27f")  # the sun
    x = 0
    for i in range(16):
        width = 70 + (i * 53) % 60
        top = 380 + (i * 97) % 330
        draw.rectangle([x, top, x + width, 900], fill="#2b1630")
        x += width + 10


def _lampposts(draw):
    draw.rectangle([0, 760, 1600, 900], fill="#2f3640")  # the road
    for x in range(120, 1600, 300):
        draw.ellipse([x - 90, 190, x + 90, 370], fill="#4b5a6e")  # the glow
        draw.rectangle([x - 8, 260, x + 8, 770], fill="#111820")
        draw.ellipse([x - 28, 250, x + 28, 306], fill="#ffe9a8")


MOTIFS = {"network": _network, "skyline": _skyline, "lampposts": _lampposts}
