"""The benchmark behind `make bench`: the production setup on loopback, measured.

Starts gunicorn (production settings), a Celery worker and an SMTP sink against PostgreSQL
with the large data set (created and seeded when missing) and Redis; measures with `wrk`
the trivial endpoint and every listed page, times the duplicate warning and the member
suggestions directly, and the notification path from commit to SMTP; writes
bench/RESULTS.md and prints it. Re-runnable; everything it starts it stops.

Its parts: config.py (environment), servers.py (what it starts), load.py (wrk and the pages),
timings.py (in-process measurements), report.py (the Markdown). Environment: BENCH_DATABASE_URL,
BENCH_REDIS_URL, BENCH_PORT, BENCH_SMTP_PORT, BENCH_SECONDS (per wrk run), BENCH_CONNECTIONS,
BENCH_WORKERS, BENCH_WORKER_CLASS, BENCH_THREADS (gunicorn),
BENCH_SINGLE (sequential requests per page).
"""

import json
import shutil
import sys
import time
import urllib.request

import load
import report
import servers
import timings
from config import BASE, ROOT, log


def measure(server, path, cookie: str) -> dict:
    """wrk against `path`, with the CPU gunicorn (master and workers) spent per request."""
    before = servers.process_cpu_seconds(server.pid)
    result = load.wrk(path, cookie)
    spent = servers.process_cpu_seconds(server.pid) - before
    result["cpu_ms"] = spent * 1000 / result["requests"] if result["requests"] else float("nan")
    return result


def main() -> int:
    if not shutil.which("wrk"):
        log(
            "wrk is missing: run `make bench` (it installs the Debian package) or apt-get install wrk"
        )
        return 1
    servers.database_ensure()
    speed = report.machine_speed()
    log(f"machine speed: {speed} s for the reference loop")
    timings.django_setup()
    procs = []
    results = []
    log("wrk bare WSGI application (the server's own ceiling)")
    bare = servers.gunicorn_start("bare_wsgi:application", "bare-wsgi")
    try:
        servers.wait_http(BASE + "/")
        load.wrk("/")
        results.append(
            ("bare WSGI application (bench/bare_wsgi.py)", "/", "bare", measure(bare, "/", ""))
        )
    finally:
        servers.stop(bare)
    with servers.SmtpSink() as sink:
        try:
            procs.append(servers.gunicorn_start())
            procs.append(servers.worker_start())
            servers.wait_http(BASE + "/healthz/ping/")
            from core.tasks import worker_heartbeat

            worker_heartbeat.delay()  # beat would do this every minute
            fx = timings.fixtures()
            for label, path, kind, cookie in load.pages(fx):
                log(f"wrk {label}")
                if kind != "ceiling" and not isinstance(path, list):
                    load.wrk(path, cookie)  # warm-up of caches
                result = measure(procs[0], path, cookie)
                result.update(load.single(path, cookie))
                results.append((label, path, kind, result))
            log("timing the duplicate warning and the suggestions")
            direct = timings.direct_timings()
            # Give the worker a heartbeat and a moment, then time notifications.
            log("timing notifications (commit → SMTP sink)")
            notes = timings.notification_timings(sink)
            # The bench runs no beat; one heartbeat as beat would send, then the health check.
            worker_heartbeat.delay()
            time.sleep(1)
            health = urllib.request.urlopen(BASE + "/healthz/", timeout=5).read().decode()  # noqa: S310
        finally:
            for proc in reversed(procs):
                servers.stop(proc)
            try:
                timings.notification_reset(0)
            except Exception as error:  # the report matters more than the tidy-up
                log(f"could not reset the moved ideas: {error}")
    # The raw figures too, so that the notes can be rewritten around them without a new run
    # (`python bench/report.py` renders RESULTS.md again from them).
    facts = report.run_facts(speed)
    stored = [
        (label, path if isinstance(path, str) else f"{len(path)} paths from {path[0]}", kind, r)
        for label, path, kind, r in results
    ]
    raw = {"results": stored, "direct": direct, "notes": notes, "health": health}
    report.RAW.write_text(json.dumps({**raw, "facts": facts}))
    markdown = report.render(results, direct, notes, health, facts)
    (ROOT / "bench" / "RESULTS.md").write_text(markdown)
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
