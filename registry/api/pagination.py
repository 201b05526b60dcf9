"""Pages of REGISTRY_PAGE_SIZE records, as on the website's lists; up to 200 with `?page_size=`."""

from rest_framework.pagination import PageNumberPagination


class RegistryPagination(PageNumberPagination):
    # page_size is DRF's PAGE_SIZE setting, which settings.py sets to REGISTRY_PAGE_SIZE.
    page_size_query_param = "page_size"
    max_page_size = 200
