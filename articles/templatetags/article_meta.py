"""An article page's breadcrumbs, share tags and JSON-LD:
``{% load article_meta %}``."""

from django import template

from hkai.seo.structured import json_ld

from .. import structured_data

register = template.Library()

register.simple_tag(structured_data.trail, name="article_trail")
register.filter("modified_at", structured_data.modified_at)


@register.simple_tag(takes_context=True)
def article_json_ld(context, article):
    """The article's ``NewsArticle`` and its page's ``BreadcrumbList``."""
    request = context["request"]
    return json_ld(structured_data.news_article(request, article)) + json_ld(
        structured_data.breadcrumb_list(request, structured_data.trail(article))
    )
