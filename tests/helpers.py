"""Small helpers shared by the test modules."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_counting_queries(client, url, **headers):
    """GET `url` (which must answer 200) and return the response and its number of queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response, len(queries)


def reverse_in(language: str, name: str, *args, **kwargs) -> str:
    """The address of a page in `language` (/hi/agreements/ in Hindi, coop_site/i18n.py)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name, *args, **kwargs)


def at_once(work, count: int = 2) -> list:
    """`work()` in `count` threads released together; what each returned (each thread
    closes its database connections at the end, as a request would)."""
    import threading

    from django.db import connections

    results, start = [], threading.Barrier(count)

    def attempt():
        start.wait(5)
        try:
            results.append(work())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    return results
