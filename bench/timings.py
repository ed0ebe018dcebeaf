"""In-process measurements against the large data set: the duplicate warning, the member
suggestions, and the notification path from commit to the SMTP sink."""

import os
import sys
import time
from datetime import UTC, datetime

from config import BUDGET, ENV, ROOT
from servers import SmtpSink


def django_setup() -> None:
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _session_cookie(username: str) -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    # The backend a password sign-in records (settings.AUTHENTICATION_BACKENDS).
    session["_auth_user_backend"] = "staffauth.backends.StaffPasswordBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def fixtures() -> dict:
    """URLs and cookies the pages need: a project, a token, staff sessions, filter values..."""
    import random

    from core.models import FocusArea, Municipality
    from ideas.models import Idea
    from ideas.services import tracking_link_create
    from ideas.stages import Stage
    from projects.models import Project
    from resourcebank.models import Sector
    from workgroups.models import WorkingGroup

    idea = Idea.objects.filter(stage=Stage.ACCEPTED, email__contains="@large.").first()
    pages = Idea.objects.count() // 50 + 1
    titles = Idea.objects.filter(email__contains="@large.").values_list("title", flat=True)
    words = sorted({w.lower() for t in titles[:2000] for w in t.split() if w.isalpha()})
    random.Random(15).shuffle(words)
    return {
        "project": Project.objects.filter(is_public=True).order_by("pk").first().get_absolute_url(),
        "area": FocusArea.objects.first().pk,
        "sector": Sector.objects.first().pk,
        "areas": list(FocusArea.objects.values_list("pk", flat=True)),
        "sectors": list(Sector.objects.values_list("pk", flat=True)),
        "municipalities": list(Municipality.objects.values_list("slug", flat=True)),
        "words": words[:400],
        "token": tracking_link_create(idea=idea),
        "cookie": _session_cookie("screener"),
        # A municipality's own screener: the lists are narrowed to its ideas (core.regions).
        "municipal_cookie": _session_cookie("northvik"),
        "idea": idea.pk,
        "group": WorkingGroup.objects.filter(ideas__isnull=False).order_by("pk").first().pk,
        "admin_last_page": pages,
    }


def direct_timings(n: int = 300) -> dict:
    from core.search import similar_items
    from ideas.models import Idea
    from ideas.stages import Stage
    from workgroups.selectors import member_suggestions

    ideas = list(Idea.objects.filter(email__contains="@large.").order_by("?")[:n])
    similar = []
    budget = time.monotonic() + BUDGET
    for idea in ideas:
        if time.monotonic() > budget:
            break  # bounded in time: fewer samples rather than a benchmark that never ends
        started = time.perf_counter()
        similar_items(text=idea.description, title=idea.title)
        similar.append((time.perf_counter() - started) * 1000)
    accepted = list(Idea.objects.filter(stage=Stage.ACCEPTED).order_by("?")[:n])
    suggestions = []
    budget = time.monotonic() + BUDGET
    for idea in accepted:
        if time.monotonic() > budget:
            break
        started = time.perf_counter()
        member_suggestions(idea=idea)
        suggestions.append((time.perf_counter() - started) * 1000)
    # As the idea's change page gets them: kept after the first view (core.caching).
    from workgroups.selectors import member_suggestions_kept

    kept = []
    for idea in accepted[: len(suggestions)]:
        member_suggestions_kept(idea=idea)
        started = time.perf_counter()
        member_suggestions_kept(idea=idea)
        kept.append((time.perf_counter() - started) * 1000)
    return {"similar": similar, "suggestions": suggestions, "kept": kept}


def notification_timings(sink: SmtpSink, spaced: int = 200, burst: int = 200) -> dict:
    from ideas.models import Idea
    from ideas.services import idea_move
    from ideas.stages import Stage

    candidates = list(
        Idea.objects.filter(stage=Stage.SUBMITTED, email__contains="@large.").order_by("pk")[
            : spaced + burst
        ]
    )
    if len(candidates) < spaced + burst:
        raise RuntimeError("not enough submitted ideas left; re-create the bench database")

    def move(idea) -> float:
        idea_move(idea=idea, to=Stage.SCREENING, note="Benchmark")
        return time.monotonic()  # idea_move's transaction has committed here

    def wait_for(addresses, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with sink.lock:
                if all(a in sink.arrived for a in addresses):
                    return True
            time.sleep(0.05)
        return False

    committed = {}
    for idea in candidates[:spaced]:  # below saturation: about 10 a second
        committed[idea.email.lower()] = move(idea)
        time.sleep(0.1)
    wait_for(committed)
    latencies = [(sink.arrived[a] - t) * 1000 for a, t in committed.items() if a in sink.arrived]
    started = time.monotonic()
    burst_addresses = [idea.email.lower() for idea in candidates[spaced:]]
    for idea in candidates[spaced:]:
        move(idea)
    wait_for(burst_addresses)
    last = max((sink.arrived.get(a, 0) for a in burst_addresses), default=started)
    delivered = sum(1 for a in burst_addresses if a in sink.arrived)
    return {
        "latencies": latencies,
        "lost": spaced - len(latencies),
        "burst": delivered,
        "burst_seconds": last - started,
    }


def notification_reset(sink_count: int) -> None:
    """Put the moved ideas back, so that the next run finds submitted ideas again."""
    from ideas.models import Idea, StageChange
    from ideas.stages import Stage
    from notifications.models import Email

    moved = Idea.objects.filter(stage_changes__note="Benchmark").distinct()
    ids = list(moved.values_list("pk", flat=True))
    StageChange.objects.filter(idea_id__in=ids, note="Benchmark").delete()
    Email.objects.filter(
        object_id__in=[str(i) for i in ids],
        kind="idea_stage_changed",
        created_at__gte=datetime.now(UTC).replace(hour=0, minute=0),
    ).delete()
    Idea.objects.filter(pk__in=ids).update(stage=Stage.SUBMITTED)
