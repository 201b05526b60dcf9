"""Small helpers shared by the test modules."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def get_counting_queries(client, url, **headers):
    """GET `url` (which must answer 200) and return the response and its number of queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response, len(queries)
