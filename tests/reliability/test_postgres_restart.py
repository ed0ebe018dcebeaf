"""PostgreSQL restarted under load: a live gunicorn on a private cluster, a few threads reading
a page and posting the idea form, `pg_ctl restart` in the middle.

Requests that meet the outage get the styled 503 page (never a 500 or a trace), nothing is
half-written (every idea has its history row and its e-mail), and the site answers 200 again
by itself. Prints the figures it measured (run with -s)."""

import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter

import psycopg2
import pytest
import requests

from ..factories import idea_form_data
from ..workers import ROOT, WebNode, wait_for
from .conftest import LIVE_PORT

pytestmark = pytest.mark.worker

THREADS = 4
REQUESTS = 200
DURATION = 10.0  # seconds over which the requests are spread
RESTART_AT = 3.0
OUTAGE_SECONDS = 1.5


@pytest.fixture
def live_site(private_postgres, tmp_path):
    url = private_postgres.url()
    conn = psycopg2.connect(private_postgres.url("postgres"))
    conn.autocommit = True
    conn.cursor().execute("CREATE DATABASE meetregion_private")
    conn.close()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reliability.live_settings",
        "TEST_DATABASE_URL": url,
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=180,
    )
    node = WebNode(port=LIVE_PORT, env=env, log=tmp_path / "gunicorn.log", args=["--threads", "4"])
    node.start()
    try:
        yield node.url, url
    finally:
        node.stop()
        sys.stderr.write(node.log_tail())


def _csrf(session, base):
    page = session.get(f"{base}/ideas/track/", timeout=10).text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_postgres_restart_under_load_fails_cleanly_and_recovers(live_site, private_postgres):
    base, db_url = live_site
    statuses, bad_pages, posted = Counter(), [], Counter()
    lock = threading.Lock()
    started = time.monotonic()
    per_thread = REQUESTS // THREADS

    def load(t):
        session = requests.Session()
        token = _csrf(session, base)
        for i in range(per_thread):
            n = t * per_thread + i
            time.sleep(max(0.0, started + DURATION * n / REQUESTS - time.monotonic()))
            try:
                if n % 2:
                    response = session.get(f"{base}/resource-bank/", timeout=15)
                else:
                    data = idea_form_data(
                        confirmed_similar="1",
                        email=f"restart{n}@example.org",
                        title=f"Restart idea {n}",
                        csrfmiddlewaretoken=token,
                    )
                    response = session.post(
                        f"{base}/ideas/new/",
                        data,
                        headers={"Referer": f"{base}/ideas/new/"},
                        timeout=15,
                        allow_redirects=False,
                    )
                status = response.status_code
                body = response.text
            except requests.RequestException as error:
                status, body = f"connection error: {type(error).__name__}", ""
            with lock:
                statuses[status] += 1
                if n % 2 == 0:
                    posted[status] += 1
                if status == 503 and "temporarily unavailable" not in body:
                    bad_pages.append((status, body[:300]))
                if status not in (200, 302, 503) or "Traceback" in body:
                    bad_pages.append((status, body[:300]))

    threads = [threading.Thread(target=load, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(RESTART_AT)  # a real process: let the load run before the restart
    restart_started = time.monotonic()
    # 1.5 s down, at 20 requests a second: some 30 requests meet the outage.
    private_postgres.outage(OUTAGE_SECONDS)
    restart_took = time.monotonic() - restart_started
    for thread in threads:
        thread.join(timeout=120)

    # The site recovers by itself: no server restart, a page answers 200 again.
    recovered = lambda: requests.get(f"{base}/resource-bank/", timeout=5).status_code == 200  # noqa: E731
    wait_for(recovered, 30, "the site to answer 200 again")

    with psycopg2.connect(db_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM ideas_idea")
        ideas = cur.fetchone()[0]
        cur.execute(
            "SELECT count(*) FROM ideas_idea i WHERE NOT EXISTS "
            "(SELECT 1 FROM ideas_stagechange s WHERE s.idea_id = i.id)"
        )
        without_history = cur.fetchone()[0]
        cur.execute(
            "SELECT count(*) FROM ideas_idea i WHERE NOT EXISTS "
            "(SELECT 1 FROM notifications_email e WHERE e.object_id = i.id::text "
            "AND e.kind = 'idea_received')"
        )
        without_email = cur.fetchone()[0]
    print(
        f"\npostgres restart under load: {sum(statuses.values())} requests in "
        f"{time.monotonic() - started:.1f}s, statuses {dict(statuses)}, form posts "
        f"{dict(posted)}, restart took {restart_took:.1f}s, {ideas} ideas stored "
        f"(= {posted[302]} accepted posts), {without_history} without history, "
        f"{without_email} without their e-mail, recovered by itself"
    )
    assert not bad_pages, bad_pages[:3]
    assert statuses[503] > 0, "the restart should have been felt"
    assert ideas == posted[302]
    assert without_history == 0 and without_email == 0
