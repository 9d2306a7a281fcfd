"""The index of public articles reads the newest of a bitmap only as far as
it must (articles/edition.py ``Edition.newest``), and gives the same pages as
reading all of it, for dense and sparse bitmaps alike."""

import random

import pytest

from articles.edition import Edition

N = 40_000


@pytest.fixture(scope="module")
def index():
    pks = tuple(range(N, 0, -1))
    return Edition((1, None), None, pks, {}, {}, {})


def everything_read(index, within, start, stop):
    positions = [p for p in range(len(index.pks)) if within >> p & 1]
    return [index.pks[p] for p in positions[start:stop]]


@pytest.mark.parametrize("share", [1.0, 0.3, 0.001, 0.0001])
@pytest.mark.parametrize(("start", "stop"), [(0, 6), (0, 20), (20, 40), (200, 220)])
def test_the_newest_are_those_reading_everything_finds(index, share, start, stop):
    chosen = random.Random(f"{share}").sample(range(N), max(1, int(N * share)))
    within = sum(1 << p for p in chosen)
    assert index.newest(within, start, stop) == everything_read(
        index, within, start, stop
    )
