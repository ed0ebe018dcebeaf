"""Error pages that never show a stack trace and never need the database.

400, 403, 404 and 429 look like every other page (they extend base.html). 500 and 503 are
rendered from templates/errors/plain.html without a request context, so neither a broken
database nor a failing context processor can take the error page down with the site.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger("meetregion.errors")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    body = loader.get_template("503.html").render()
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: a database that is down or restarting is a 503, everything else a 500."""
    error = sys.exc_info()[1]
    if _is_database_error(error):
        return database_unavailable_response()
    body = loader.get_template(template_name).render()
    return HttpResponseServerError(body)


def _is_database_error(error) -> bool:
    while error is not None:
        if isinstance(error, DATABASE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
    return False


class DatabaseUnavailableMiddleware:
    """Turn a lost database connection inside a view into the 503 page.

    The transaction of the request is rolled back by the database itself (nothing was
    committed), and with CONN_HEALTH_CHECKS a broken persistent connection is replaced on the
    next request, so the site recovers without a restart. handler500 (server_error) covers
    the same errors raised outside views, e.g. in middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if _is_database_error(exception):
            logger.warning("database unavailable: %s", exception)
            return database_unavailable_response()
        return None
