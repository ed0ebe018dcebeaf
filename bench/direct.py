"""Direct, in-process timings of the slow paths at full scale (no HTTP, no wrk).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/meetregion_fast \\
        .venv/bin/python bench/direct.py [n]

Needs a database seeded with `seed_demo --scale large`. Times, over `n` different inputs:
the duplicate warning (`similar_items`), the member suggestions (`member_suggestions`),
the public search (`search_results` and its first page of hits), and the admin idea list
(first and last page) and idea change page rendered through the test client as a superuser.
Prints p50/p95 in milliseconds and the number of queries of each; changes nothing.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meetregion.settings.dev")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(label, inputs, fn):
    from django.db import connection, reset_queries

    times, queries = [], []
    for value in inputs:
        reset_queries()
        started = time.perf_counter()
        fn(value)
        times.append((time.perf_counter() - started) * 1000)
        queries.append(len(connection.queries))
    print(
        f"{label:<40} n={len(times):>4}  p50 {statistics.median(times):8.1f} ms  "
        f"p95 {percentile(times, 0.95):8.1f} ms  max {max(times):8.1f} ms  "
        f"queries {min(queries)}–{max(queries)}"
    )


def main() -> None:
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = True  # records queries (connection.queries)
    settings.ALLOWED_HOSTS = ["*"]
    from django.contrib.auth import get_user_model
    from django.test import Client

    from core.search import search_results, similar_items
    from ideas.models import Idea
    from ideas.stages import Stage
    from workgroups.selectors import member_suggestions

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    only = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else None
    ideas = list(Idea.objects.filter(email__contains="@large.").order_by("?")[:n])
    accepted = list(Idea.objects.filter(stage=Stage.ACCEPTED).order_by("?")[:n])
    words = [i.title.split()[0] for i in ideas[: max(20, n // 4)]] + ["solar", "charging vans"]

    def want(key):
        return only is None or key in only

    if want("similar"):
        timed("similar_items", ideas, lambda i: similar_items(text=i.description, title=i.title))
    if want("suggestions"):
        timed("member_suggestions", accepted, lambda i: member_suggestions(idea=i))
    if want("search"):

        def search(q):
            results = search_results(query=q)
            results.hits(results.ranked[:20])

        timed("search_results + first page", words, search)
    if want("admin"):
        user = get_user_model().objects.filter(is_superuser=True).first()
        client = Client()
        client.force_login(user)
        last = Idea.objects.count() // 50 + 1

        def get(url):
            assert client.get(url).status_code == 200, url

        timed("admin idea list, page 1", range(10), lambda _i: get("/admin/ideas/idea/"))
        timed(
            f"admin idea list, page {last}",
            range(10),
            lambda _i: get(f"/admin/ideas/idea/?p={last}"),
        )
        timed(
            "admin idea list, filtered",
            range(10),
            lambda _i: get("/admin/ideas/idea/?stage__exact=submitted&language=sv"),
        )
        timed(
            "admin idea change",
            accepted[:20],
            lambda i: get(f"/admin/ideas/idea/{i.pk}/change/"),
        )


if __name__ == "__main__":
    main()
