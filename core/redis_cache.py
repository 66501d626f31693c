"""Django's Redis cache backend, keeping its redis-py clients instead of building one per command.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` around the connection pool
for every command, and building one fills redis-py's table of response callbacks each time
(about as long as the command's round trip itself). A ``redis.Redis`` is safe to share between
threads (each command takes a connection from the pool), so one per pool is kept.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
