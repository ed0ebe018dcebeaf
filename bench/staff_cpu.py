"""What each staff page costs in-process, without a server or other load (bench-only):

    .venv/bin/python bench/staff_cpu.py [N] [label words...]

The median CPU (process time) and wall time of N requests (20) through Django's test client
with the bench's production settings, against the bench database, as the region's screener
(and a municipality's). Steadier than wrk on a shared machine; compare before and after a
change."""

import statistics
import sys
import time

from config import ENV  # noqa: F401 - the bench's environment
from timings import django_setup


def main() -> None:
    django_setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from core.models import FocusArea
    from ideas.models import Idea
    from ideas.stages import Stage
    from workgroups.models import WorkingGroup

    settings.ALLOWED_HOSTS = ["*"]
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    screener = Client()
    screener.force_login(get_user_model().objects.get(username="screener"))
    municipal = Client()
    municipal.force_login(get_user_model().objects.get(username="northvik"))
    idea = Idea.objects.filter(stage=Stage.ACCEPTED, email__contains="@large.").first().pk
    group = WorkingGroup.objects.filter(ideas__isnull=False).order_by("pk").first().pk
    area = FocusArea.objects.first().pk
    pages = [
        ("admin index", screener, "/admin/"),
        ("idea list", screener, "/admin/ideas/idea/"),
        (
            "idea list filtered",
            screener,
            f"/admin/ideas/idea/?stage__exact=accepted&focus_areas__id__exact={area}",
        ),
        ("idea list municipal", municipal, "/admin/ideas/idea/"),
        ("idea change", screener, f"/admin/ideas/idea/{idea}/change/"),
        ("group change", screener, f"/admin/workgroups/workinggroup/{group}/change/"),
        ("member list", screener, "/admin/resourcebank/member/"),
        ("search", Client(), "/search/?q=solar"),
        ("ping", Client(), "/healthz/ping/"),
    ]
    only = sys.argv[2:]
    for label, client, path in pages:
        if only and not any(o in label for o in only):
            continue
        client.get(path)
        cpu, wall = [], []
        for _ in range(n):
            c0, w0 = time.process_time(), time.perf_counter()
            response = client.get(path)
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        print(
            f"{label:22s} {response.status_code} cpu p50 {statistics.median(cpu):6.1f} ms  "
            f"wall p50 {statistics.median(wall):6.1f} ms  {len(response.content)} bytes"
        )


if __name__ == "__main__":
    main()
