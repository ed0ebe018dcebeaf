# ruff: noqa: S603, S310 - runs fixed local tools (wrk) and requests on loopback
"""Load from a second process: `wrk` against each page, single requests with their
Server-Timing, and the list of pages measured."""

import re
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from config import BASE, CONNECTIONS, SECONDS, SINGLE, log

# Walks a list of paths (one a line, in BENCH_PATHS), each thread from its own offset, so that
# every request asks for another filter combination.
ROTATE = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local counter = 0
function setup(thread) counter = counter + 1; thread:set("offset", counter * 7919) end
local i = 0
function init(args) i = offset or 0 end
function request()
  i = i % #paths + 1
  return wrk.format(nil, paths[i])
end
"""


def _ms(value: str) -> float:
    found = re.match(r"([\d.]+)([a-z]+)", value)
    if found is None:
        return float("nan")
    number, unit = found.groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}.get(unit, float("nan"))


def _latency(out: str, share: str) -> float:
    found = re.search(r"^\s+" + share + r"%\s+(\S+)\s*$", out, re.MULTILINE)
    return _ms(found.group(1)) if found else float("nan")


def wrk(path: str | list[str], cookie: str = "") -> dict:
    """One wrk run: a fixed path, or a list of paths walked request by request."""
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s"]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    env = None
    if isinstance(path, list):
        folder = Path(tempfile.mkdtemp(prefix="meetregion-bench-"))
        (folder / "paths.txt").write_text("\n".join(path) + "\n")
        (folder / "rotate.lua").write_text(ROTATE)
        args += ["-s", str(folder / "rotate.lua")]
        env = {"BENCH_PATHS": str(folder / "paths.txt"), "PATH": "/usr/bin:/bin"}
        path = path[0]
    out = subprocess.run(
        [*args, BASE + path], capture_output=True, text=True, check=True, env=env
    ).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if found is None:
        log(f"wrk said:\n{out}")
    rps = float(found.group(1)) if found else 0.0
    served = re.search(r"(\d+) requests in", out)
    p50, p99 = _latency(out, "50"), _latency(out, "99")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "requests": int(served.group(1)) if served else 0,
        "p50": p50,
        "p99": p99,
        "non2xx": int(errors.group(1)) if errors else 0,
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a page that redirects (a lost staff session) is not the page measured


_OPENER = urllib.request.build_opener(_NoRedirect)


def _server_timing(header: str) -> tuple[float, float, int]:
    app = re.search(r"app;dur=([\d.]+)", header)
    db = re.search(r"db;dur=([\d.]+)", header)
    queries = re.search(r'desc="(\d+) queries"', header)
    return (
        float(app.group(1)) if app else float("nan"),
        float(db.group(1)) if db else float("nan"),
        int(queries.group(1)) if queries else -1,
    )


def single(path: str | list[str], cookie: str = "", n: int = SINGLE) -> dict:
    """`n` requests one after the other (nothing else running on the server): the latency of
    one request, and from its Server-Timing how much of it was the database."""
    paths = path if isinstance(path, list) else [path]
    latency, app, db, queries, hits, statuses = [], [], [], [], 0, set()
    for i in range(n):
        request = urllib.request.Request(BASE + paths[(i * 7919) % len(paths)])
        if cookie:
            request.add_header("Cookie", cookie)
        started = time.perf_counter()
        try:
            response = _OPENER.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # a redirect (to the sign-in page) or an error
            response = error
        with response:
            response.read()
            header = response.headers.get("Server-Timing", "")
            hits += response.headers.get("X-Page-Cache") == "hit"
            statuses.add(response.status)
        latency.append((time.perf_counter() - started) * 1000)
        a, d, q = _server_timing(header)
        app.append(a)
        db.append(d)
        queries.append(q)
    return {
        "single_p50": statistics.median(latency),
        "app_p50": statistics.median(app),
        "db_p50": statistics.median(db),
        "queries": int(statistics.median(queries)),
        "hits": hits,
        "n": n,
        "statuses": sorted(statuses),
    }


def arbitrary_filters(fx: dict) -> list[str]:
    """Public lists with filter combinations nobody asked for a moment ago: a word, a focus
    area, a sector, a municipality, a page, in many combinations (each one a cache miss)."""
    paths = []
    for i, raw in enumerate(fx["words"]):
        word = urllib.parse.quote(raw)
        area = fx["areas"][i % len(fx["areas"])]
        sector = fx["sectors"][i % len(fx["sectors"])]
        municipality = fx["municipalities"][i % len(fx["municipalities"])]
        paths += [
            f"/resource-bank/?q={word}&sector={sector}",
            f"/resource-bank/?q={word}&focus_area={area}&municipality={municipality}",
            f"/projects/?organisation={word}&focus_area={area}",
            f"/knowledge-bank/?q={word}&focus_area={area}",
            f"/search/?q={word}&page={1 + i % 3}",
        ]
    return paths


def pages(fx: dict) -> list[tuple[str, str | list[str], str, str]]:
    """What `make bench` measures: (label, path or paths, kind, cookie). Kinds: the Django
    ceiling, cached and uncached public pages, staff pages (uncached), and information only.
    The bare-WSGI ceiling is measured before these, on its own server (run.py)."""
    staff = fx["cookie"]
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
        ("public lists, arbitrary filters", arbitrary_filters(fx), "uncached", ""),
        # The dashboard: its charts come from the cache (filled by the warm-up run),
        # its lists of what needs doing are queried on every view.
        ("admin index with dashboard (screener)", "/admin/", "staff", staff),
        ("admin idea list (screener)", "/admin/ideas/idea/", "staff", staff),
        (
            "admin idea list, filtered (screener)",
            f"/admin/ideas/idea/?stage__exact=accepted&focus_areas__id__exact={fx['area']}",
            "staff",
            staff,
        ),
        (
            "admin idea list, last page",
            f"/admin/ideas/idea/?p={fx['admin_last_page']}",
            "staff",
            staff,
        ),
        (
            "admin idea list (municipal screener)",
            "/admin/ideas/idea/",
            "staff",
            fx["municipal_cookie"],
        ),
        (
            "admin idea change (screener)",
            f"/admin/ideas/idea/{fx['idea']}/change/",
            "staff",
            staff,
        ),
        (
            "admin working-group change (screener)",
            f"/admin/workgroups/workinggroup/{fx['group']}/change/",
            "staff",
            staff,
        ),
        ("admin member list (screener)", "/admin/resourcebank/member/", "staff", staff),
    ]
