"""Made-up articles in bulk, for benchmarks and load tests.

``manage.py generate_articles N`` plans N articles from a seed (``plan``),
writes their words from a vocabulary of AI in Hong Kong (``writing``,
``vocabulary``) and stores them with a few bulk inserts per 2,000 (``store``).
Nothing here runs on a reader's request.
"""
