"""Search engines and sharing: each page's canonical address, Open Graph and
Twitter card tags, JSON-LD for the site (``WebSite``, ``Organization``),
``/robots.txt`` and the site card image.

Infrastructure: it imports no app of the site. What is about an article (its
``NewsArticle`` and breadcrumbs) is built by the articles app
(``articles/structured_data.py``) and emitted with ``json_ld`` from here.
"""
