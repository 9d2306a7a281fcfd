import itertools

import pytest
from django.contrib.auth.models import Group

from sectors.models import Challenge, Sector

from .factories import ArticleFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    """Plain static storage (no collectstatic needed) and a fast password hasher."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sectors(db):
    """The five sectors the data migration creates, in display order."""
    return list(Sector.objects.all())


@pytest.fixture
def challenges(db):
    """The three challenges the data migration creates, in display order."""
    return list(Challenge.objects.all())


@pytest.fixture
def many_articles(sectors, challenges):
    """Make ``n`` published articles spread over every sector, challenge and
    a pool of tags, plus a draft and a scheduled one that must stay hidden."""

    def make(n):
        sector_cycle = itertools.cycle(sectors)
        challenge_cycle = itertools.cycle([*challenges, None])
        tags = [f"tag {i}" for i in range(7)]
        articles = []
        for i in range(n):
            challenge = next(challenge_cycle)
            articles.append(
                ArticleFactory(
                    sectors=[next(sector_cycle)],
                    challenges=[challenge] if challenge else [],
                    tags=[tags[i % 7], tags[(i + 3) % 7]],
                    featured=i % 10 == 0,
                )
            )
        ArticleFactory(draft=True, sectors=sectors, challenges=challenges, tags=tags)
        ArticleFactory(scheduled=True, sectors=sectors, challenges=challenges)
        return articles

    return make


def _user_in(group_name, username):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db):
    return _user_in("Editor", "editor")


@pytest.fixture
def author(db):
    return _user_in("Author", "author")
