"""Django's Redis cache, with one client object per connection pool instead of one per operation.

django.core.cache.backends.redis makes a new redis.Redis object, with its table of some 170
response callbacks, for every get and set: half of the CPU of a get. A client may be shared by
threads (each command takes a connection from the pool, which also notices a fork), so one is kept
per pool. Configured in portal/settings.py (CACHE_URL).
"""

from django.core.cache.backends import redis


class SharedClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClient
