"""The words of a made-up article: a title, a summary and a Markdown body
(an opening paragraph, a "## " heading and two more paragraphs), in English or
Traditional Chinese, about its first sector and challenge."""

from . import vocabulary as v

YEARS = [str(year) for year in range(2018, 2025)]
NUMBERS = [str(n) for n in range(3, 400)]
MONTHS = [str(n) for n in range(2, 19)]


class _Slots(dict):
    """A template's slots, each drawn from its pool when a template first asks
    for it; "{Org}" is the same draw as "{org}", capitalised."""

    def __init__(self, rng, pools, **fixed):
        super().__init__(fixed)
        self.rng, self.pools = rng, pools

    def __missing__(self, key):
        if key[0].isupper():
            value = self[key.lower()]
            value = value[0].upper() + value[1:]
        else:
            value = self.rng.choice(self.pools[key])
        self[key] = value
        return value


def english(rng, sector, challenge):
    """``(title, summary, body)`` about the slugs ``sector`` and ``challenge``
    (either may be None)."""
    pools = {
        "org": v.ORGS,
        "ai": v.AI_TERMS,
        "sector": v.SECTOR_TERMS.get(sector, v.GENERAL),
        "challenge": v.CHALLENGE_TERMS.get(challenge, v.NO_CHALLENGE),
        "place": v.PLACES,
        "university": v.UNIVERSITIES,
        "verb": v.VERBS,
        "number": NUMBERS,
        "months": MONTHS,
        "year": YEARS,
    }
    lead = _Slots(rng, pools)
    title = rng.choice(v.TITLES).format_map(lead)
    summary = rng.choice(v.SUMMARIES).format_map(lead)
    sizes = [rng.randint(4, 6) for _ in range(3)]
    sentences = [
        template.format_map(_Slots(rng, pools, ai=lead["ai"]))
        if rng.random() < 0.6
        else template.format_map(_Slots(rng, pools))
        for template in rng.sample(v.SENTENCES, sum(sizes))
    ]
    if rng.random() < v.RARE_SHARE:
        sentences.insert(rng.randrange(len(sentences)), rng.choice(v.RARE_SENTENCES))
        sizes[-1] += 1
    heading = rng.choice(v.HEADINGS).format_map(lead)
    return title, summary, _body(sentences, sizes, heading, " ")


def chinese(rng, sector, challenge):
    """``english``'s Traditional Chinese counterpart."""
    pools = {
        "org": v.ZH_ORGS,
        "ai": v.ZH_AI_TERMS,
        "sector": v.ZH_SECTOR_TERMS.get(sector, v.ZH_GENERAL),
        "challenge": v.ZH_CHALLENGE_TERMS.get(challenge, v.ZH_NO_CHALLENGE),
        "place": v.ZH_PLACES,
        "university": v.ZH_UNIVERSITIES,
        "number": NUMBERS,
        "months": MONTHS,
        "year": YEARS,
    }
    lead = _Slots(rng, pools)
    title = rng.choice(v.ZH_TITLES).format_map(lead)
    summary = rng.choice(v.ZH_SUMMARIES).format_map(lead)
    sizes = [rng.randint(3, 4) for _ in range(3)]
    sentences = [
        template.format_map(_Slots(rng, pools, ai=lead["ai"]))
        for template in rng.sample(v.ZH_SENTENCES, sum(sizes))
    ]
    heading = rng.choice(v.ZH_HEADINGS).format_map(lead)
    return title, summary, _body(sentences, sizes, heading, "")


def _body(sentences, sizes, heading, space):
    """Paragraphs of ``sizes`` sentences, the heading after the first."""
    paragraphs, start = [], 0
    for size in sizes:
        paragraphs.append(space.join(sentences[start : start + size]))
        start += size
    paragraphs.insert(1, f"## {heading}")
    return "\n\n".join(paragraphs)
