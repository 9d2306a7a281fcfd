"""What search engines read about an article page: its ``NewsArticle`` and
its ``BreadcrumbList`` (schema.org, as JSON-LD), and the breadcrumb trail the
page shows, from which that list is made."""

from django.utils.translation import gettext as _

from hkai.addresses import address
from hkai.seo.structured import image_object, organization, site_card
from hkai.templatetags import html_language, machine_time


def trail(article):
    """The article page's breadcrumbs, ``[(name, address)]`` from Home: what
    the page shows, and what its ``BreadcrumbList`` says."""
    return [
        (_("Home"), address("home")),
        (_("Articles"), address("articles:list")),
        (article.title, article.get_absolute_url()),
    ]


def modified_at(article):
    """When the public last saw it change: a scheduled article was last saved
    before it appeared."""
    return max(article.updated_at, article.published_at)


def author(request, user):
    """A ``Person`` as the byline reads: the author's page and its name if
    there is one (``user.profile``), else the user's name."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return {"@type": "Person", "name": user.get_full_name() or user.get_username()}
    return {
        "@type": "Person",
        "name": profile.display_name,
        "url": request.build_absolute_uri(profile.get_absolute_url()),
    }


def news_article(request, article):
    """A published article as a ``NewsArticle``, every address absolute and
    every date ISO 8601 with Hong Kong's offset."""
    page = request.build_absolute_uri(article.get_absolute_url())
    publisher = organization(request)
    del publisher["@context"]
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "@id": page + "#article",
        "mainEntityOfPage": {"@type": "WebPage", "@id": page},
        "url": page,
        "headline": article.title,
        "description": article.summary,
        "datePublished": machine_time(article.published_at),
        "dateModified": machine_time(modified_at(article)),
        "inLanguage": html_language(article.language),
        "author": [author(request, article.author)],
        "publisher": publisher,
        "image": [image_object(request, article.share_image() or site_card())],
        # Prefetched by for_listing(): no query.
        "articleSection": [sector.name for sector in article.sector_list],
        "keywords": [tag.name for tag in article.tag_list],
    }


def breadcrumb_list(request, steps):
    """A ``BreadcrumbList`` of ``[(name, address)]``."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(name),
                "item": request.build_absolute_uri(url),
            }
            for position, (name, url) in enumerate(steps, start=1)
        ],
    }
