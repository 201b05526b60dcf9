"""Public pages, split by concern. Views stay thin: querysets own the published rule."""

from registry.views.details import DETAIL_VIEWS
from registry.views.home import HomeView
from registry.views.lists import LIST_VIEWS
from registry.views.search import SearchView

__all__ = ["DETAIL_VIEWS", "LIST_VIEWS", "HomeView", "SearchView"]
