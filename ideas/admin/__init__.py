"""Ideas in the admin, one module a concern: criteria, the ideas (list, change page, moves,
actions, filters, pagination) and the stage history."""

from . import criteria, history, ideas
from .paginators import EstimatedCountPaginator

__all__ = ["EstimatedCountPaginator", "criteria", "history", "ideas"]
