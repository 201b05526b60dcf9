"""Pages of 50 records by default; clients may ask for up to 200 with `?page_size=`."""

from rest_framework.pagination import PageNumberPagination


class RegistryPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
