"""Sectors, challenges and tags an imported text is probably about.

A sector or a challenge is suggested by its keywords (editors keep them in
the admin), a tag by its own name. Matching ignores case and width ("ＡＩ" is
"AI"); a word in a spaced script matches whole words, plurals included
("hospital" finds "Hospitals", not "hospitality"), and a Chinese keyword
matches anywhere, as Chinese has no spaces between words.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from sectors.models import Challenge, Sector

from ..models import Tag

MIN_HITS = 2  # one passing mention of "bank" does not make an article FinTech
MAX_TOPICS = 3
MAX_TAGS = 5
# A letter or digit of a script that puts spaces between words.
_SPACED = r"[^\W_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
_SEPARATORS = re.compile(r"[,，、;；\n]")


@dataclass
class Match:
    """A sector, challenge or tag, and how often each of its words occurs."""

    item: object
    hits: dict[str, int] = field(default_factory=dict)

    @property
    def count(self):
        return sum(self.hits.values())

    def __str__(self):
        if list(self.hits) == [str(self.item)]:  # a tag, found by its name
            return f"{self.item} ×{self.count}"
        words = sorted(self.hits.items(), key=lambda hit: -hit[1])[:3]
        found = ", ".join(f"{word} ×{n}" for word, n in words)
        return f"{self.item} ({found})"


@dataclass
class Suggestions:
    sectors: list[Match]
    challenges: list[Match]
    tags: list[Match]

    def __bool__(self):
        return bool(self.sectors or self.challenges or self.tags)

    def lines(self):
        """``["Sectors: Healthcare (hospital ×3)", …]``, one line per kind."""
        kinds = [
            (_("Sectors"), self.sectors),
            (_("Challenges"), self.challenges),
            (_("Tags"), self.tags),
        ]
        return [
            f"{label}: " + "; ".join(str(match) for match in matches)
            for label, matches in kinds
            if matches
        ]


def suggest(text: str) -> Suggestions:
    """What ``text`` (title and body) suggests filing it under."""
    text = fold(text)
    return Suggestions(
        sectors=_topics(Sector.objects.exclude(keywords=""), text),
        challenges=_topics(Challenge.objects.exclude(keywords=""), text),
        tags=_best(
            [_match(tag, [tag.name], text) for tag in Tag.objects.only("name")],
            MAX_TAGS,
        ),
    )


def _topics(topics, text):
    """The MAX_TOPICS best with MIN_HITS or more, leaving out any with less
    than a quarter of the best one's hits."""
    matches = [_match(topic, keywords(topic.keywords), text) for topic in topics]
    matches = _best([m for m in matches if m.count >= MIN_HITS], MAX_TOPICS)
    return [m for m in matches if m.count * 4 >= matches[0].count]


def _best(matches, limit):
    found = [m for m in matches if m.count]
    return sorted(found, key=lambda m: (-m.count, str(m.item)))[:limit]


def _match(item, words, text):
    hits = {word: count(word, text) for word in words}
    return Match(item, {word: n for word, n in hits.items() if n})


def keywords(value):
    """The words and phrases of a comma-separated keywords field."""
    return [word.strip() for word in _SEPARATORS.split(value) if word.strip()]


def fold(text):
    """Text as matching compares it: width folded, case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def count(word, folded_text):
    """How often ``word`` occurs in ``folded_text`` (see the module's rule)."""
    word = fold(word)
    if len(word) < 2:
        return 0
    pattern = re.escape(word)
    if re.match(_SPACED, word[0]):
        pattern = rf"(?<!{_SPACED}){pattern}"
    if re.match(_SPACED, word[-1]):
        plural = "(?:e?s)?" if word[-1].isalpha() else ""
        pattern = rf"{pattern}{plural}(?!{_SPACED})"
    return len(re.findall(pattern, folded_text))
