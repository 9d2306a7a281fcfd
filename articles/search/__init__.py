"""Full-text search of articles, in English and Chinese, on PostgreSQL and
SQLite: the index (``indexing``), the engines (``engines``), what queries and
snippets mean (``text``) and the search page (``views``). docs/search.md."""
