"""Pages of REGISTRY_PAGE_SIZE records, as on the website's lists; up to 200 with `?page_size=`.

The total (`count`) is cached per data version, filter and audience, like the lists' totals:
a COUNT over every matching row is the largest query of a page at scale.
"""

import hashlib
from functools import partial
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

from registry.caching import cached


class CountedPaginator(Paginator):
    """Django's paginator, its total read through the cache under `count_key`."""

    def __init__(self, *args, count_key: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        return cached(self.count_key, self.object_list.count)


class RegistryPagination(PageNumberPagination):
    # page_size is DRF's PAGE_SIZE setting, which settings.py sets to REGISTRY_PAGE_SIZE.
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        self.django_paginator_class = partial(
            CountedPaginator, count_key=self.count_key(queryset, request, view)
        )
        return super().paginate_queryset(queryset, request, view)

    def count_key(self, queryset, request, view) -> str:
        """One total per model, filter (the query without its page and page size) and
        audience (staff who see drafts count them)."""
        skipped = {self.page_query_param, self.page_size_query_param}
        params = sorted(
            (key, value)
            for key, values in request.query_params.lists()
            if key not in skipped
            for value in values
        )
        digest = hashlib.sha256(urlencode(params).encode()).hexdigest()
        drafts = bool(view and view.shows_drafts())
        return f"api-count:{queryset.model._meta.label}:{int(drafts)}:{digest}"
