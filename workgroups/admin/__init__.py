"""Working groups in the admin, one module a concern: organisations, the group's page with its
inlines, filters, actions and extra pages, and the suggestions panel on an accepted idea."""

from . import groups, organisations, panels

__all__ = ["groups", "organisations", "panels"]
