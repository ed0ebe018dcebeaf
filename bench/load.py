# ruff: noqa: S603 - runs fixed local tools (wrk, gunicorn, git) on loopback
"""Load from a second process: `wrk` against each page, and the list of pages measured."""

import re
import subprocess

from config import BASE, CONNECTIONS, SECONDS, log


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


def pages(fx: dict) -> list[tuple[str, str, str, str]]:
    """What `make bench` measures: (label, path, kind, cookie). Kinds: the ceiling, cached
    and uncached public pages, staff pages (uncached), and information only."""
    return [
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
