"""Django's built-in Redis cache backend, reusing one client per connection pool.

``django.core.cache.backends.redis`` builds a new ``redis.Redis`` object for
every cache call (about 0.07 ms: a third of a page-cache hit, see
docs/performance.md). The client is thread-safe and the connection pool is
already shared, so one client per pool is enough. Everything else (URL
parsing, pools, serialisation, key handling) is Django's own.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
