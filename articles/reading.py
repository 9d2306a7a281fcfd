"""How long an article takes to read, from the text a reader sees."""

import math
import re
from html import unescape

from django.utils.html import strip_tags

# Typical silent reading speeds: English in words, Chinese in characters.
WORDS_PER_MINUTE = 230
CJK_CHARACTERS_PER_MINUTE = 400

# Characters read one at a time rather than in space-separated words: CJK
# ideographs (with extensions A and B onwards and compatibility forms), kana
# and Hangul syllables.
CJK = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003ffff]"
)
# A word: letters or digits, joined by an apostrophe or hyphen ("don't", "AI-led").
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def reading_minutes(html: str) -> int:
    """Whole minutes to read ``html`` (at least one): Latin words at
    WORDS_PER_MINUTE plus CJK characters at CJK_CHARACTERS_PER_MINUTE."""
    text = unescape(strip_tags(html))
    characters = len(CJK.findall(text))
    words = len(WORD.findall(CJK.sub(" ", text)))
    minutes = words / WORDS_PER_MINUTE + characters / CJK_CHARACTERS_PER_MINUTE
    return max(1, math.ceil(minutes))
