"""Django's Redis cache, with one redis-py client per connection pool.

Django builds a new `redis.Redis` for every cache call; building one fills a table of some
170 response callbacks, which cost a page served from the cache more than the round trip to
Redis. A client is thread-safe and its pool checks the process id after a fork, so one per
pool is kept.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
