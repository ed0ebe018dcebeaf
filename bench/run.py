# ruff: noqa: S603, S607 - runs fixed local tools (wrk, gunicorn, git) on loopback
"""The benchmark behind `make bench`: the production setup on loopback, measured.

Starts gunicorn (production settings), a Celery worker and an SMTP sink against PostgreSQL
with the large data set (created and seeded when missing) and Redis; measures with `wrk`
the trivial endpoint and every listed page, times the duplicate warning and the member
suggestions directly, and the notification path from commit to SMTP; writes
bench/RESULTS.md and prints it. Re-runnable; everything it starts it stops.

Environment: BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_PORT, BENCH_SMTP_PORT,
BENCH_SECONDS (per wrk run), BENCH_CONNECTIONS, BENCH_WORKERS (gunicorn).
"""

import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/meetregion_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
PORT = int(os.environ.get("BENCH_PORT", "8208"))
SMTP_PORT = int(os.environ.get("BENCH_SMTP_PORT", "8209"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# Seconds each direct measurement may take at most; it stops early with fewer samples.
BUDGET = float(os.environ.get("BENCH_DIRECT_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
BASE = f"http://127.0.0.1:{PORT}"
STATIC = Path(tempfile.gettempdir()) / "meetregion-bench-static"

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "meetregion.settings.production",
    "DJANGO_SECRET_KEY": "bench-only-" + "x" * 40,
    "DATABASE_URL": DB_URL,
    "REDIS_URL": REDIS_URL,
    "EMAIL_URL": f"smtp://127.0.0.1:{SMTP_PORT}",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SITE_URL": BASE,
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "STATIC_ROOT": str(STATIC),
    "LOG_LEVEL": "WARNING",
    "CONN_MAX_AGE": "60",
}


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


# ------------------------------------------------------------------ set-up


def database_ensure() -> None:
    import psycopg2

    base, name = DB_URL.rsplit("/", 1)
    conn = psycopg2.connect(base + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"creating database {name}")
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    manage("migrate", "--noinput", "-v0")
    log("seeding the large data set when missing (a few minutes the first time)")
    manage("seed_demo", "--scale", "large")
    manage("collectstatic", "--noinput", "-v0")


class SmtpSink:
    """aiosmtpd on loopback; records when each recipient's message arrived."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.arrived: dict[str, float] = {}
        self.lock = threading.Lock()
        sink = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                now = time.monotonic()
                with sink.lock:
                    for rcpt in envelope.rcpt_tos:
                        sink.arrived.setdefault(rcpt.lower(), now)
                return "250 OK"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=SMTP_PORT)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


def start(args: list[str], name: str) -> subprocess.Popen:
    logfile = open(Path(tempfile.gettempdir()) / f"meetregion-bench-{name}.log", "w")  # noqa: SIM115
    return subprocess.Popen(
        args, cwd=ROOT, env=ENV, stdout=logfile, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - loopback only
            return
        except Exception:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout}s")


# ------------------------------------------------------------------ wrk


def _ms(value: str) -> float:
    found = re.match(r"([\d.]+)([a-z]+)", value)
    if found is None:
        return float("nan")
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}.get(unit, float("nan"))


def _latency(out: str, share: str) -> float:
    found = re.search(r"^\s+" + share + r"%\s+(\S+)\s*$", out, re.MULTILINE)
    return _ms(found.group(1)) if found else float("nan")


def wrk(path: str, cookie: str = "") -> dict:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run([*args, BASE + path], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        log(f"wrk said:\n{out}")
    rps = float(found.group(1)) if found else 0.0
    p50, p99 = _latency(out, "50"), _latency(out, "99")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(errors.group(1)) if errors else 0}


# ------------------------------------------------------------------ in-process measurements


def django_setup() -> None:
    os.environ.update(ENV)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def fixtures() -> dict:
    """URLs and cookies the pages need: a project, a token, a staff session, ..."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from core.models import FocusArea
    from ideas.models import Idea
    from ideas.services import tracking_link_create
    from ideas.stages import Stage
    from projects.models import Project
    from resourcebank.models import Sector

    user = get_user_model().objects.get(username="screener")
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    idea = Idea.objects.filter(stage=Stage.ACCEPTED, email__contains="@large.").first()
    pages = Idea.objects.count() // 50 + 1
    return {
        "project": Project.objects.filter(is_public=True).order_by("pk").first().get_absolute_url(),
        "area": FocusArea.objects.first().pk,
        "sector": Sector.objects.first().pk,
        "token": tracking_link_create(idea=idea),
        "cookie": f"sessionid={session.session_key}",
        "idea": idea.pk,
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
    return {"similar": similar, "suggestions": suggestions}


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


# ------------------------------------------------------------------ report


def verdict(ok: bool, why: str = "") -> str:
    return "met" if ok else f"**missed** – {why}"


def main() -> int:
    if not shutil.which("wrk"):
        log(
            "wrk is missing: run `make bench` (it installs the Debian package) or apt-get install wrk"
        )
        return 1
    database_ensure()
    django_setup()
    procs = []
    with SmtpSink() as sink:
        try:
            procs.append(
                start(
                    [
                        str(ROOT / ".venv/bin/gunicorn"),
                        "meetregion.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{PORT}",
                        "--workers",
                        str(WORKERS),
                        "--access-logfile",
                        "-",
                        "--log-level",
                        "warning",
                    ],
                    "gunicorn",
                )
            )
            procs.append(
                start(
                    [
                        str(ROOT / ".venv/bin/celery"),
                        "-A",
                        "meetregion",
                        "worker",
                        "-c",
                        "2",
                        "--loglevel",
                        "WARNING",
                        "-n",
                        f"bench{PORT}@%h",
                    ],
                    "worker",
                )
            )
            wait_http(BASE + "/healthz/ping/")
            from core.tasks import worker_heartbeat

            worker_heartbeat.delay()  # beat would do this every minute
            fx = fixtures()
            pages = [
                ("trivial endpoint (/healthz/ping/)", "/healthz/ping/", "ceiling", ""),
                ("health check", "/healthz/", "info", ""),
                ("home", "/", "cached", ""),
                ("projects", "/projects/", "cached", ""),
                (
                    "projects, filtered",
                    f"/projects/?focus_area={fx['area']}&stage=ongoing",
                    "cached",
                    "",
                ),
                ("project detail", fx["project"], "cached", ""),
                ("knowledge bank, search", "/knowledge-bank/?q=solar", "cached", ""),
                ("resource bank, filtered", f"/resource-bank/?sector={fx['sector']}", "cached", ""),
                ("search", "/search/?q=solar", "uncached", ""),
                ("submission form", "/ideas/new/?matter=idea", "uncached", ""),
                ("tracking page", f"/ideas/track/{fx['token']}/", "uncached", ""),
                # The dashboard: its charts come from the cache (filled by the warm-up run),
                # its lists of what needs doing are queried on every view.
                ("admin index with dashboard (screener)", "/admin/", "uncached", fx["cookie"]),
                ("admin idea list (screener)", "/admin/ideas/idea/", "uncached", fx["cookie"]),
                (
                    "admin idea list, last page",
                    f"/admin/ideas/idea/?p={fx['admin_last_page']}",
                    "uncached",
                    fx["cookie"],
                ),
                (
                    "admin idea change (screener)",
                    f"/admin/ideas/idea/{fx['idea']}/change/",
                    "uncached",
                    fx["cookie"],
                ),
            ]
            results = []
            for label, path, kind, cookie in pages:
                log(f"wrk {label}")
                wrk(path, cookie) if kind != "ceiling" else None  # warm-up of caches
                results.append((label, path, kind, wrk(path, cookie)))
            log("timing the duplicate warning and the suggestions")
            direct = direct_timings()
            # Give the worker a heartbeat and a moment, then time notifications.
            log("timing notifications (commit → SMTP sink)")
            notes = notification_timings(sink)
            # The bench runs no beat; one heartbeat as beat would send, then the health check.
            worker_heartbeat.delay()
            time.sleep(1)
            health = urllib.request.urlopen(BASE + "/healthz/", timeout=5).read().decode()  # noqa: S310
        finally:
            for proc in reversed(procs):
                stop(proc)
            try:
                notification_reset(0)
            except Exception as error:  # the report matters more than the tidy-up
                log(f"could not reset the moved ideas: {error}")
    report = render(results, direct, notes, health)
    (ROOT / "bench" / "RESULTS.md").write_text(report)
    print(report)
    return 0


def render(results, direct, notes, health) -> str:
    ceiling = next(r for label, _p, kind, r in results if kind == "ceiling")["rps"]
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    load = os.getloadavg()
    lines = [
        "# meetregion benchmark",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- commit: {commit}{' (with uncommitted changes in the checkout)' if dirty else ''}",
        f"- machine: {platform.node()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.platform()}, Python {platform.python_version()}",
        f"- load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(other processes on the machine make every figure here pessimistic)",
        f"- setup: gunicorn {WORKERS} sync workers, production settings, whitenoise static, "
        f"CONN_MAX_AGE=60, page cache {ENV.get('MEETREGION_PAGE_CACHE_SECONDS', '5')} s in Redis; "
        f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s on 127.0.0.1; PostgreSQL with the large data set",
        "",
        "## Pages (wrk)",
        "",
        "| page | kind | req/s | p50 ms | p99 ms | p99/p50 | % of trivial | non-2xx | target | result |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    first_admin = None
    for label, _path, kind, r in results:
        share = r["rps"] / ceiling * 100 if ceiling else 0
        ratio = r["p99"] / r["p50"] if r["p50"] else 0
        if r["rps"] == 0:
            target, result = (
                "–",
                (
                    "**not measured** – no request finished inside the wrk "
                    "window (each takes seconds at this load; see notes)"
                ),
            )
        elif kind == "cached":
            target = "≥ 50 %"
            result = verdict(
                share >= 50,
                "rendering on a cache hit still goes through every "
                "middleware and a Redis round trip; see notes",
            )
        elif kind == "uncached":
            target = "≥ 10 %, p99 ≤ 3×p50"
            why = []
            if share < 10:
                why.append(f"{share:.1f} % of the ceiling")
            if ratio > 3:
                why.append(
                    f"p99 = {ratio:.1f}×p50 (queueing behind {CONNECTIONS} connections "
                    f"on {WORKERS} sync workers)"
                )
            result = verdict(not why, "; ".join(why))
        else:
            target, result = "–", "–"
        if label.startswith("admin idea list") and first_admin is None:
            first_admin = r
        if label.endswith("last page") and first_admin:
            cost = first_admin["rps"] / r["rps"] if r["rps"] else 99
            target += "; last ≤ 1.2× first"
            result += f"; last page costs {cost:.2f}× the first: " + verdict(
                cost <= 1.2, "OFFSET pagination over the whole table"
            )
        lines.append(
            f"| {label} | {kind} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{ratio:.1f} | {share:.0f} % | {r['non2xx']} | {target} | {result} |"
        )
    sim, sug, lat = direct["similar"], direct["suggestions"], notes["latencies"]
    sim95, sug95 = percentile(sim, 0.95), percentile(sug, 0.95)
    lat95 = percentile(lat, 0.95) if lat else float("inf")
    rate = notes["burst"] / notes["burst_seconds"] if notes["burst_seconds"] else 0
    lines += [
        "",
        "## Direct timings at full scale",
        "",
        "| measurement | n | p50 ms | p95 ms | target | result |",
        "| --- | ---: | ---: | ---: | --- | --- |",
        f"| duplicate warning (similar_items) | {len(sim)} | {statistics.median(sim):.1f} | "
        f"{sim95:.1f} | p95 < 30 ms | {verdict(sim95 < 30, 'see notes')} |",
        f"| member suggestions (member_suggestions) | {len(sug)} | {statistics.median(sug):.1f} | "
        f"{sug95:.1f} | p95 < 50 ms | {verdict(sug95 < 50, 'see notes')} |",
        f"| notification, commit → SMTP sink (10/s) | {len(lat)} | "
        f"{statistics.median(lat) if lat else 0:.0f} | {lat95:.0f} | p95 < 1000 ms | "
        f"{verdict(lat95 < 1000, 'see notes')} |",
        "",
        f"Worker throughput (burst of {notes['burst']} stage changes, worker -c 2): "
        f"**{rate:.1f} e-mails/s**; lost below saturation: {notes['lost']}.",
        "",
        f"Health check at the end: `{health}`",
        "",
    ]
    notes_path = ROOT / "bench" / "NOTES.md"
    if notes_path.exists():
        lines += [notes_path.read_text()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
