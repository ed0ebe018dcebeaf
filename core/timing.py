"""Server-Timing for measuring (`make bench`): how long a request took inside Django and how
much of it was the database. Off unless MEETREGION_SERVER_TIMING is set; the bench reads the
header of single requests so that each page's database time is measured, not guessed."""

from time import perf_counter

from django.db import connection


class ServerTimingMiddleware:
    """Outermost middleware: `Server-Timing: app;dur=<ms>, db;dur=<ms>;desc="<n> queries"`.

    The database time is the wall time spent in cursor.execute on the default connection
    (connection.execute_wrapper), including the queries a template runs while it renders.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        spent = [0, 0.0]

        def timed(execute, sql, params, many, context):
            started = perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                spent[0] += 1
                spent[1] += perf_counter() - started

        started = perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        total = (perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'app;dur={total:.2f}, db;dur={spent[1] * 1000:.2f};desc="{spent[0]} queries"'
        )
        return response
