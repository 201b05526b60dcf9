"""The staff workspace: one module per concern; importing them registers the admins."""

from registry.admin import (
    agreements,
    audit,
    calls,
    changes,
    facilities,
    partners,
    projects,
    reviews,
    site,
    tracker,
)

__all__ = [
    "agreements",
    "audit",
    "calls",
    "changes",
    "facilities",
    "partners",
    "projects",
    "reviews",
    "site",
    "tracker",
]
