"""The data version kept in the database, so that every process of every host sees a change.

registry/caching.py keys every cached page, count and download on this token. It lives in
the database rather than in the cache: with the default per-process cache each worker would
otherwise keep a version of its own, and a change made by one worker or by a command would
not retire what the others have cached.
"""

from django.db import models


class DataVersion(models.Model):
    """One row: a random token, given a new value whenever registry data changes."""

    ROW = 1

    # A random token, not a counter: a restored or recreated database must never bring back
    # a number that pages were cached under before.
    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "data version"

    def __str__(self):
        return self.token
