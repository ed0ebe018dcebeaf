"""Where one page's time goes, in-process against the bench database (bench-only):

    .venv/bin/python bench/profile.py /admin/ideas/idea/123/change/ [--staff] [--sql]

Renders the page through Django's test client with the bench's production settings, as the
region's screener with --staff; prints pyinstrument's call tree of the second request (the
first warms the caches) and, with --sql, every query with its time, slowest first.
"""

import sys
import time

from config import ENV  # noqa: F401 - the bench's environment
from timings import django_setup


def main() -> None:
    django_setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from pyinstrument import Profiler

    settings.ALLOWED_HOSTS = ["*"]
    path = sys.argv[1]
    client = Client()
    if "--staff" in sys.argv:
        client.force_login(get_user_model().objects.get(username="screener"))
    client.get(path)
    queries = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(((time.perf_counter() - started) * 1000, sql))

    profiler = Profiler(interval=0.0005)
    with connection.execute_wrapper(timed):
        profiler.start()
        response = client.get(path)
        profiler.stop()
    print(response.status_code, len(response.content), "bytes")
    print(
        profiler.output_text(unicode=True, color=False, show_all=False, flat="--flat" in sys.argv)
    )
    print(f"{len(queries)} queries, {sum(q[0] for q in queries):.1f} ms")
    if "--sql" in sys.argv:
        for ms, sql in sorted(queries, reverse=True):
            print(f"{ms:8.1f} ms  {sql[:600]}")


if __name__ == "__main__":
    main()
