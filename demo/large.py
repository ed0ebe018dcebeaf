"""A large, realistic data set for measuring: `manage.py seed_demo --scale large`.

About 100,000 ideas over every stage with their histories and e-mails, 20,000 resource-bank
members, 5,000 working groups with participants and reports (public ones with a project
page), 2,000 knowledge-bank entries. Each app generates its own rows in its `demo.py`
(`seed_large(ctx, ...)`); this module holds what they share (`LargeSeed`: the random
generator, the phrase pools, the progress bar, batched inserts) and the order they run in.

Rows go in with `bulk_create` in batches (no per-row save), so the stored search vectors are
rebuilt at the end. PostgreSQL only. The run is deterministic (a fixed random seed) and
refuses to run twice on the same database.
"""

import random
import sys
import time
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from core.models import FocusArea, Municipality
from core.textsearch import SearchIndexed
from ideas import demo as ideas_demo
from knowledgebank import demo as knowledgebank_demo
from projects import demo as projects_demo
from resourcebank import demo as resourcebank_demo
from resourcebank.models import Sector
from workgroups import demo as workgroups_demo

from . import text

BATCH = 5000


@dataclass(frozen=True)
class Scale:
    ideas: int = 100_000
    members: int = 20_000
    groups: int = 5_000
    entries: int = 2_000


SCALES = {
    "large": Scale(),
    # For trying the generator out in a minute.
    "medium": Scale(ideas=10_000, members=2_000, groups=500, entries=200),
}


class Progress:
    """A one-line progress bar on stdout (plain lines when not a terminal)."""

    def __init__(self, out, total: int):
        self.out, self.total, self.done = out, total, 0
        self.started = time.monotonic()
        self.tty = getattr(sys.stdout, "isatty", lambda: False)()

    def step(self, n: int, label: str) -> None:
        self.done += n
        share = min(self.done / self.total, 1)
        bar = "#" * int(share * 30)
        line = f"[{bar:<30}] {share:6.1%} {time.monotonic() - self.started:6.1f}s  {label}"
        if self.tty:
            self.out.write("\r" + line.ljust(100), ending="")
            self.out.flush()
        else:
            self.out.write(line)

    def finish(self) -> None:
        if self.tty:
            self.out.write("")


@dataclass
class LargeSeed:
    """What every app's large generator is handed: one random generator for the whole run
    (so the data set is the same on every machine), the lists the small seed made, and
    batched inserts that move the progress bar."""

    rng: random.Random
    now: datetime
    scale: Scale
    progress: Progress
    areas: list
    sectors: list
    municipalities: list
    staff: list
    text = text
    marker_domain: str = ideas_demo.LARGE_MARKER_DOMAIN
    batch: int = BATCH

    def bulk(self, model, rows, label: str) -> list:
        created = []
        for start in range(0, len(rows), self.batch):
            chunk = model.objects.bulk_create(
                rows[start : start + self.batch], batch_size=self.batch
            )
            created.extend(chunk)
            self.progress.step(len(chunk), label)
        return created


def seed_large(out, *, scale: Scale, seed: int = 8) -> dict[str, int]:
    if connection.vendor != "postgresql":
        raise RuntimeError("The large data set needs PostgreSQL (set DATABASE_URL).")
    if ideas_demo.large_seed_exists():
        out.write("The large data set is already there; nothing to do.")
        return {}
    # Rough row count for the progress bar.
    total = scale.ideas * 6 + scale.members * 4 + scale.groups * 6 + scale.entries * 2 + 1
    ctx = LargeSeed(
        rng=random.Random(seed),
        now=timezone.now(),
        scale=scale,
        progress=Progress(out, total),
        areas=list(FocusArea.objects.all()),
        sectors=list(Sector.objects.all()),
        municipalities=list(Municipality.objects.all()),
        staff=list(get_user_model().objects.filter(is_staff=True)[:5]),
    )
    if not (ctx.areas and ctx.sectors and ctx.municipalities):
        raise RuntimeError("Run `seed_demo` (the small set) first: it creates the lists.")

    with transaction.atomic():
        ideas = ideas_demo.seed_large(ctx)
        members = resourcebank_demo.seed_large(ctx)
        groups, group_projects, organisations = workgroups_demo.seed_large(
            ctx, ideas=ideas, members=members
        )
        initiatives = projects_demo.seed_large(ctx, count=scale.groups // 10)
        entries = knowledgebank_demo.seed_large(ctx, partners=[org.name for org in organisations])
        # bulk_create skipped save(), so the stored search vectors are still empty.
        for model in apps.get_models():
            if issubclass(model, SearchIndexed):
                model.search_vectors_rebuild()
                ctx.progress.step(1, f"search vectors of {model._meta.verbose_name_plural}")
    ctx.progress.finish()
    with connection.cursor() as cursor:
        # Bulk-loaded tables have no visibility map yet: VACUUM sets it, as autovacuum would in
        # a live database (index-only scans), and ANALYZE gives the planner its statistics.
        cursor.execute("VACUUM ANALYZE")
    return {
        "ideas": len(ideas),
        "members": len(members),
        "groups": len(groups),
        "projects": len(group_projects) + len(initiatives),
        "entries": len(entries),
    }
