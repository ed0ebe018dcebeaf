# ruff: noqa: S607 - runs fixed local tools (wrk, gunicorn, git) on loopback
"""bench/RESULTS.md: every figure with its target and verdict, then the notes (NOTES.md)."""

import json
import os
import platform
import statistics
import subprocess
import time
from datetime import UTC, datetime

from config import CONNECTIONS, ENV, ROOT, SECONDS, SINGLE, THREADS, WORKER_CLASS, WORKERS
from timings import percentile

RAW = ROOT / "bench" / "results.json"


def verdict(ok: bool, why: str = "") -> str:
    return "met" if ok else f"**missed** – {why}"


def _page_verdict(kind: str, r: dict, share: float, ratio: float, trivial: dict) -> tuple[str, str]:
    if r["rps"] == 0:
        return "–", "**not measured** – no request finished inside the wrk window"
    if r.get("statuses", [200]) != [200]:
        return "–", f"**not measured** – the page answered {r['statuses']}, not 200"
    if kind == "cached":
        by_cpu = trivial["cpu_ms"] / r["cpu_ms"] * 100 if r["cpu_ms"] else 0
        return "≥ 50 % of Django", verdict(
            share >= 50,
            f"{share:.0f} % of the Django ceiling; a hit costs {r['cpu_ms']:.2f} ms CPU against "
            f"the trivial endpoint's {trivial['cpu_ms']:.2f} ms ({by_cpu:.0f} % by CPU)"
            + (
                ", so by its own cost it would meet; the rest is the other processes' load "
                "during its run"
                if by_cpu >= 50
                else ""
            ),
        )
    if kind in ("uncached", "staff"):
        why = []
        if share < 10:
            why.append(f"{share:.1f} % of the Django ceiling ({r['cpu_ms']:.1f} ms CPU a request)")
        if ratio > 3:
            why.append(f"p99 = {ratio:.1f}×p50 (queueing behind {CONNECTIONS} connections)")
        if r.get("single_p50", 0) >= 50:
            why.append(
                f"one request takes {r['single_p50']:.0f} ms, {r['db_p50']:.0f} ms of it "
                "in the database"
            )
        return "≥ 10 %, p99 ≤ 3×p50, single p50 < 50 ms", verdict(not why, "; ".join(why))
    return "–", "–"


def machine_speed() -> float:
    """Seconds a fixed pure-Python loop (ten million additions) takes, best of three: how fast
    this machine's CPU was at that moment. A shared machine's speed varies from hour to hour
    (0.8–1.6 s seen on the same machine in one day); runs are comparable only at like speeds."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(10_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return round(best, 3)


def run_facts(speed_at_start: float | None = None) -> dict:
    """When, on which commit, with which load and settings the figures were taken."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    workers = f"{WORKERS} {WORKER_CLASS} workers" + (
        f" × {THREADS} threads" if WORKER_CLASS == "gthread" else ""
    )
    return {
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M}",
        "commit": commit + (" (with uncommitted changes in the checkout)" if dirty else ""),
        "load": list(os.getloadavg()),
        "workers": workers,
        "seconds": SECONDS,
        "connections": CONNECTIONS,
        "single": SINGLE,
        "speed": [speed_at_start, machine_speed()],
    }


def render(results, direct, notes, health, facts=None) -> str:
    facts = facts or run_facts()
    bare = next(r for _label, _p, kind, r in results if kind == "bare")["rps"]
    trivial = next(r for _label, _p, kind, r in results if kind == "ceiling")
    ceiling = trivial["rps"]
    load, workers = facts["load"], facts["workers"]
    seconds, connections, single = facts["seconds"], facts["connections"], facts["single"]
    lines = [
        "# meetregion benchmark",
        "",
        f"- date: {facts['date']} UTC",
        f"- commit: {facts['commit']}",
        f"- machine: {platform.node()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.platform()}, Python {platform.python_version()}",
        f"- load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(other processes on the machine make every figure here pessimistic)",
        *(
            [
                f"- machine speed: a pure-Python loop of ten million additions took "
                f"{facts['speed'][0]} s before the run and {facts['speed'][1]} s after it "
                "(best of three; lower is faster, compare runs only at like speeds)"
            ]
            if facts.get("speed") and facts["speed"][0]
            else []
        ),
        f"- setup: gunicorn {workers} (the same for the bare WSGI application and the portal), "
        f"production settings, whitenoise static, CONN_MAX_AGE=60, page cache "
        f"{ENV.get('MEETREGION_PAGE_CACHE_SECONDS', '5')} s in Redis; "
        f"wrk -t2 -c{connections} -d{seconds}s on 127.0.0.1 after a warm-up run of the same "
        f"length; then {single} requests one at a time; PostgreSQL with the large data set",
        "- columns: *% bare* and *% Django* are the page's throughput over the bare WSGI "
        "application's and over Django's trivial endpoint's; *CPU ms* is gunicorn's CPU "
        "(master and workers, user + system, from /proc) over the requests wrk finished; "
        "*single p50* is the median of the requests one at a time, *DB ms* and *queries* "
        "their median database time and query count from the Server-Timing header "
        "(core/timing.py)",
        "",
        "## Pages (wrk)",
        "",
        "| page | kind | req/s | % bare | % Django | p50 ms | p99 ms | p99/p50 | CPU ms | "
        "single p50 ms | DB ms | queries | non-2xx | target | result |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | "
        "---: | --- | --- |",
    ]
    first_admin = None
    verdicts = []
    for label, _path, kind, r in results:
        share = r["rps"] / ceiling * 100 if ceiling else 0
        bare_share = r["rps"] / bare * 100 if bare else 0
        ratio = r["p99"] / r["p50"] if r["p50"] else 0
        target, result = _page_verdict(kind, r, share, ratio, trivial)
        if label.startswith("admin idea list") and first_admin is None:
            first_admin = r
        if label.endswith("last page") and first_admin:
            # One request at a time: under load, throughput also measures the neighbours.
            cost = r["single_p50"] / first_admin["single_p50"]
            target += "; last ≤ 1.2× first"
            result += f"; one request for the last page costs {cost:.2f}× the first: " + verdict(
                cost <= 1.2,
                f"{r['single_p50']:.0f} ms against {first_admin['single_p50']:.0f} ms",
            )
        single = (
            f"{r['single_p50']:.1f} | {r['db_p50']:.1f} | {r['queries']}"
            if "single_p50" in r
            else "– | – | –"
        )
        if r.get("hits"):
            single += f" ({r['hits']}/{r['n']} cache hits)"
        if target != "–":
            verdicts.append((label, target, result))
        lines.append(
            f"| {label} | {kind} | {r['rps']:.0f} | {bare_share:.1f} % | {share:.0f} % | "
            f"{r['p50']:.1f} | {r['p99']:.1f} | {ratio:.1f} | {r['cpu_ms']:.2f} | {single} | "
            f"{r['non2xx']} | {target} | {result} |"
        )
    sim, sug, lat = direct["similar"], direct["suggestions"], notes["latencies"]
    sim95, sug95 = percentile(sim, 0.95), percentile(sug, 0.95)
    lat95 = percentile(lat, 0.95) if lat else float("inf")
    rate = notes["burst"] / notes["burst_seconds"] if notes["burst_seconds"] else 0
    timed = [
        ("duplicate warning (similar_items)", sim, sim95, 30),
        ("member suggestions (member_suggestions)", sug, sug95, 50),
    ]
    lines += [
        "",
        "## Direct timings at full scale",
        "",
        "| measurement | n | p50 ms | p95 ms | target | result |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for label, values, p95, limit in timed:
        result = verdict(p95 < limit, f"p95 {p95:.0f} ms; see notes")
        verdicts.append((label, f"p95 < {limit} ms", result))
        lines.append(
            f"| {label} | {len(values)} | {statistics.median(values):.1f} | {p95:.1f} | "
            f"p95 < {limit} ms | {result} |"
        )
    kept = direct.get("kept", [])
    if kept:
        lines.append(
            f"| member suggestions as the idea page gets them (kept, second view) | {len(kept)} | "
            f"{statistics.median(kept):.1f} | {percentile(kept, 0.95):.1f} | – | – |"
        )
    lines += [
        f"| notification, commit → SMTP sink (10/s) | {len(lat)} | "
        f"{statistics.median(lat) if lat else 0:.0f} | {lat95:.0f} | p95 < 1000 ms | "
        f"{verdict(lat95 < 1000, 'see notes')} |",
        "",
        f"Worker throughput (burst of {notes['burst']} stage changes, worker -c 2): "
        f"**{rate:.1f} e-mails/s**; lost below saturation: {notes['lost']}.",
        "",
        f"Health check at the end: `{health}`",
        "",
        *closing(verdicts, bare, ceiling),
    ]
    notes_path = ROOT / "bench" / "NOTES.md"
    if notes_path.exists():
        lines += [notes_path.read_text()]
    return "\n".join(lines) + "\n"


def closing(verdicts, bare: float, ceiling: float) -> list[str]:
    """The targets of this run, met or missed, each miss with what was measured."""
    met = [v for v in verdicts if v[2].startswith("met")]
    lines = [
        "## Closing note (written from this run's figures)",
        "",
        f"The bare WSGI application answered {bare:.0f} requests/s and Django's trivial "
        f"endpoint {ceiling:.0f} ({ceiling / bare * 100 if bare else 0:.0f} % of the bare "
        f"ceiling): Django's own request path costs that much before a page does anything. "
        f"{len(met)} of {len(verdicts)} targets met.",
        "",
    ]
    for label, target, result in verdicts:
        lines.append(f"- {label} ({target}): {result}")
    return [*lines, ""]


if __name__ == "__main__":
    # The last run's figures (bench/results.json) with the current notes; measures nothing.
    raw = json.loads(RAW.read_text())
    (ROOT / "bench" / "RESULTS.md").write_text(
        render(raw["results"], raw["direct"], raw["notes"], raw["health"], raw["facts"])
    )
