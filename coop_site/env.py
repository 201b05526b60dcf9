"""Small typed readers for settings taken from the environment."""

import os


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def cache_from_url(url: str) -> dict:
    """A CACHES entry from a URL: locmem://name, redis://host:6379/0, dummy://, file:///path."""
    scheme, _, rest = url.partition("://")
    backends = {
        "locmem": "django.core.cache.backends.locmem.LocMemCache",
        "redis": "django.core.cache.backends.redis.RedisCache",
        "rediss": "django.core.cache.backends.redis.RedisCache",
        "dummy": "django.core.cache.backends.dummy.DummyCache",
        "file": "django.core.cache.backends.filebased.FileBasedCache",
    }
    if scheme not in backends:
        raise ValueError(f"CACHE_URL scheme {scheme!r} is not one of {sorted(backends)}")
    location = url if scheme.startswith("redis") else rest
    return {"BACKEND": backends[scheme], "LOCATION": location}
