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
