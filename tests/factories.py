from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from articles.models import Article
from authors.models import AuthorProfile
from sectors.models import Challenge, Sector


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"writer{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")


class AuthorProfileFactory(factory.django.DjangoModelFactory):
    """A public profile, in English and Chinese, for a new user or ``user``."""

    class Meta:
        model = AuthorProfile

    user = factory.SubFactory(UserFactory)
    slug = factory.Sequence(lambda n: f"author-{n}")
    display_name_en = factory.Sequence(lambda n: f"Reporter {n}")
    display_name_zh_hant = factory.Sequence(lambda n: f"記者{n}")
    role_en = "Data reporter"
    role_zh_hant = "數據記者"
    bio_en = "Writes about data and the city."
    bio_zh_hant = "報道數據與城市。"


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")
    summary = "A sector made for a test."


class ChallengeFactory(SectorFactory):
    class Meta:
        model = Challenge
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Challenge {n}")
    slug = factory.Sequence(lambda n: f"challenge-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A published article, dated a day ago. Pass ``sectors``, ``challenges`` and
    ``tags`` as lists to file it."""

    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-number-{n}")
    summary = factory.LazyAttribute(lambda a: f"What {a.title} is about.")
    body = "## A heading\n\nA paragraph with *emphasis*."
    author = factory.SubFactory(UserFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if extracted:
            self.sectors.set(extracted)

    @factory.post_generation
    def challenges(self, create, extracted, **kwargs):
        if extracted:
            self.challenges.set(extracted)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)

    class Params:
        chinese = factory.Trait(language="zh-hant")
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)
        scheduled = factory.Trait(
            published_at=factory.LazyFunction(
                lambda: timezone.now() + timedelta(days=7)
            )
        )


def article_form(sectors, **overrides):
    """What the admin's article form posts."""
    data = {
        "title": "Lantau robots",
        "slug": "lantau-robots",
        "language": "en",
        "summary": "Robots on Lantau.",
        "body": "Some *Markdown*.",
        "tags": "robots, 私隱",
        "sectors": [sectors[0].pk],
        "author": "",
        "status": "published",
        "published_at_0": "2026-01-05",
        "published_at_1": "10:00:00",
        "featured": "on",
    }
    data.update(overrides)
    return data
