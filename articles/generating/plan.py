"""What each made-up article is: its language, filing, tags, date and words,
all drawn from one seeded random generator, so a seed gives the same articles
on every run (dates are fractions of the span from ``START`` to now)."""

import itertools
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from . import vocabulary as v
from . import writing

START = datetime(2019, 1, 1, tzinfo=ZoneInfo("Asia/Hong_Kong"))
CHINESE_SHARE = 0.15
TRANSLATED_SHARE = 0.5  # of Chinese articles: a translation of an English one
FEATURED_SHARE = 0.01
AUTHORS = 6
ZIPF_EXPONENT = 1.0
_TAG_WEIGHTS = list(
    itertools.accumulate(1 / rank**ZIPF_EXPONENT for rank in range(1, len(v.TAGS) + 1))
)


def slug_prefix(seed):
    return f"gen-{seed}-"


@dataclass
class Planned:
    """One article to insert; topics are ``(pk, slug)`` pairs."""

    slug: str
    language: str
    group: uuid.UUID
    published_at: datetime
    sectors: list
    challenges: list
    tags: list = field(default_factory=list)
    title: str = ""
    summary: str = ""
    body: str = ""
    featured: bool = False
    author: int = 0  # an index into the generated authors


def plan(count, seed, first, sectors, challenges, now):
    """``count`` articles numbered from ``first``; ``sectors`` and
    ``challenges`` are ``(pk, slug)`` pairs, ``now`` an aware datetime."""
    rng = random.Random(f"{seed}:{first}")
    end = now.replace(microsecond=0) - timedelta(minutes=1)
    untranslated = None  # the last English article, while it has no translation
    for n in range(first, first + count):
        article = Planned(
            slug=f"{slug_prefix(seed)}{n}",
            language="en",
            group=uuid.UUID(int=rng.getrandbits(128), version=4),
            published_at=START + (end - START) * rng.random(),
            sectors=rng.sample(sectors, min(len(sectors), rng.choice([1, 1, 1, 2]))),
            challenges=rng.sample(
                challenges, min(len(challenges), rng.choice([0, 0, 1, 1, 1, 2]))
            ),
            featured=rng.random() < FEATURED_SHARE,
            author=rng.randrange(AUTHORS),
        )
        if rng.random() < CHINESE_SHARE:
            article.language = "zh-hant"
            if untranslated and rng.random() < TRANSLATED_SHARE:
                _translate(article, untranslated, rng, end)
            untranslated = None
        else:
            untranslated = article
        _write(article, rng)
        article.published_at = article.published_at.replace(microsecond=0)
        yield article


def _translate(article, original, rng, end):
    """Make ``article`` the Chinese edition of ``original``: same group and
    filing, published a little later."""
    article.group = original.group
    article.sectors, article.challenges = original.sectors, original.challenges
    later = original.published_at + timedelta(hours=rng.randint(1, 72))
    article.published_at = min(later, end)


def _write(article, rng):
    sector = article.sectors[0][1] if article.sectors else None
    challenge = article.challenges[0][1] if article.challenges else None
    if article.language == "en":
        words, tags = writing.english, _zipf_tags(rng, rng.randint(2, 4))
    else:
        words, tags = writing.chinese, _chinese_tags(rng, article)
    article.title, article.summary, article.body = words(rng, sector, challenge)
    article.tags = tags


def _zipf_tags(rng, k, chosen=()):
    """``chosen`` and more tags, ``k`` distinct in all, popular ones likelier."""
    tags = list(chosen)
    for _ in range(50):  # bounded: the draws repeat the top tags often
        if len(tags) >= k:
            break
        tag = rng.choices(v.TAGS, cum_weights=_TAG_WEIGHTS)[0]
        if tag not in tags:
            tags.append(tag)
    return tags


def _chinese_tags(rng, article):
    """The Chinese tags of its sectors and challenges and a general one, then
    popular English ones (Hong Kong's Chinese press writes "AI", "HKMA")."""
    chosen = [v.ZH_SECTOR_TAGS.get(slug) for _, slug in article.sectors]
    chosen += [v.ZH_CHALLENGE_TAGS.get(slug) for _, slug in article.challenges]
    chosen.append(rng.choice(v.ZH_GENERAL_TAGS))
    chosen = list(dict.fromkeys(tag for tag in chosen if tag))[:4]
    return _zipf_tags(rng, max(len(chosen), rng.randint(2, 4)), chosen)
