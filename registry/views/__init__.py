"""Public pages, split by concern. Views stay thin: querysets own the published rule."""

from registry.views.home import HomeView
from registry.views.search import SearchView

__all__ = ["HomeView", "SearchView"]
