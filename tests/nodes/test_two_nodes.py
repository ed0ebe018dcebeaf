"""Two web nodes and two Celery workers on one PostgreSQL, one Redis and one S3-compatible
server, all started from production's settings (tests/nodes/conftest.py).

What one machine could hide: a file written by one node and looked for on another's disk, a
session only one node knows, a cached page only one node drops, an e-mail two workers both
send, a task lost with the worker that held it. Prints what it measured (run with -s)."""

import asyncio
import re
import time
from collections import Counter

import pytest
import requests

from ..smtp_sink import SinkHandler
from ..workers import wait_for
from .conftest import readiness

pytestmark = pytest.mark.worker

PDF = b"%PDF-1.7\n% uploaded through node 1\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BURST = 30  # idea submissions per burst; each queues one receipt e-mail
PASSWORD = "a long and unguessable password"
# Staff of the region's coordinating unit who edit the knowledge bank; not a superuser (who
# would need a second factor first).
EDITOR = f"""
from django.contrib.auth.models import Group, Permission, User
from core.regions import COORDINATORS
editor = User.objects.create_user("editor", "editor@example.org", {PASSWORD!r}, is_staff=True)
editor.user_permissions.set(Permission.objects.filter(content_type__app_label="knowledgebank"))
editor.groups.add(Group.objects.get_or_create(name=COORDINATORS)[0])
"""


class SlowRelay(SinkHandler):
    """An SMTP relay that takes a moment over each recipient, so that workers are busy when
    one of them is killed (before the message is transmitted, as on a slow network)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await asyncio.sleep(0.15)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _sign_in(visitor, node, username, password):
    visitor.get(f"{node.url}/admin/login/")
    response = visitor.post(
        f"{node.url}/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/admin/", response.text[
        :500
    ]


def _entry_add(visitor, node, title, *, document=None):
    data = {
        "title": title,
        "slug": "",
        "summary": f"What {title} achieved.",
        "year": "2026",
        "results": "",
        "experiences": "",
        "lessons": "",
        "partners": "",
        "documents-TOTAL_FORMS": "1" if document else "0",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    files = None
    if document:
        data.update({"documents-0-title": "Final report", "documents-0-order": "0"})
        files = {"documents-0-file": document}
    response = visitor.post(f"{node.url}/admin/knowledgebank/entry/add/", data, files=files)
    assert response.status_code == 302, response.text[:2000]


def _publish(visitor, node, entry_id):
    response = visitor.post(
        f"{node.url}/admin/knowledgebank/entry/",
        {"action": "publish", "_selected_action": str(entry_id), "index": "0"},
    )
    assert response.status_code == 302, response.text[:500]


def _submit_idea(visitor, node, n):
    response = visitor.post(
        f"{node.url}/ideas/new/",
        {
            "submission_key": f"00000000-0000-4000-8000-{n:012d}",
            "organisation_name": f"Company {n} AB",
            "organisation_type": "business",
            "contact_name": f"Contact {n}",
            "email": f"submitter{n}@example.org",
            "phone": "",
            "title": f"Shared delivery hub number {n}",
            "description": "Shared parcel lockers at the station, run with the municipality.",
            "collaboration_kind": "co_financing",
            "wants_to_take_part": "on",
            "accepted_criteria": "on",
            "acknowledged_no_guarantee": "on",
            "confirmed_similar": "1",
        },
    )
    assert response.status_code == 302, response.text[:500]


def _succeeded(worker) -> int:
    return len(
        re.findall(r"notifications\.tasks\.email_send\[[^\]]+\] succeeded", worker.log.read_text())
    )


def test_two_nodes_share_files_sessions_cache_and_work(cluster, visitor):
    started = time.monotonic()
    cluster.smtp.handler = SlowRelay()
    cluster.smtp.controller.handler = cluster.smtp.handler
    node1, node2 = cluster.web_node("web-1"), cluster.web_node("web-2")
    node1.start()
    node2.start()

    # Starting: the nodes answer, but are not ready before the migration job has run.
    before = [readiness(node) for node in (node1, node2)]
    answering = time.monotonic() - started
    assert [r.status_code for r in before] == [503, 503]
    assert {r.json()["state"] for r in before} == {"starting"}
    pending = before[0].json()["pending_migrations"]
    assert pending > 0
    assert requests.get(f"{node1.url}/healthz/ping/", timeout=5).status_code == 200  # alive
    migrate_started = time.monotonic()
    cluster.manage("migrate", "--noinput")
    migrated = time.monotonic() - migrate_started
    cluster.manage("shell", "-c", EDITOR)
    assert [readiness(node).status_code for node in (node1, node2)] == [200, 200]
    ready_after = time.monotonic() - started

    # A session started on node 1 is valid on node 2 (sessions live in the shared database).
    staff = visitor()
    _sign_in(staff, node1, "editor", PASSWORD)
    on_node2 = visitor()
    on_node2.cookies.set("sessionid", staff.cookies["sessionid"])
    admin_page = on_node2.get(f"{node2.url}/admin/")
    assert admin_page.status_code == 200 and "editor" in admin_page.text

    # A document uploaded through node 1, to a draft entry: private until it is published.
    _entry_add(staff, node1, "Parcel lockers at the station", document=("final.pdf", PDF))
    [(entry_id, slug)] = cluster.query("SELECT id, slug FROM knowledgebank_entry")
    [(document_id, name)] = cluster.query("SELECT id, file FROM knowledgebank_document")
    assert f"media/{name}" in cluster.s3.object_keys()
    assert not (cluster.directory / "media").exists()  # nothing on either node's disk
    document_url = f"/knowledge-bank/{slug}/documents/{document_id}/"
    anonymous = visitor()
    assert anonymous.get(f"{node2.url}{document_url}").status_code == 404

    # Node 2 caches the public list while the entry is a draft ...
    first = anonymous.get(f"{node2.url}/knowledge-bank/")
    second = anonymous.get(f"{node2.url}/knowledge-bank/")
    assert (first.headers.get("X-Page-Cache"), second.headers.get("X-Page-Cache")) == (
        "miss",
        "hit",
    )
    assert "Parcel lockers at the station" not in second.text
    # ... the entry is published through node 1, and node 2's next answer shows it.
    _publish(staff, node1, entry_id)
    changed = time.monotonic()
    assert cluster.query("SELECT status FROM knowledgebank_entry") == [("published",)]
    after = anonymous.get(f"{node2.url}/knowledge-bank/")
    seen_after = time.monotonic() - changed
    assert after.headers.get("X-Page-Cache") == "miss"
    assert "Parcel lockers at the station" in after.text

    # The document now downloads through node 2: a signed URL of the bucket, for a minute.
    redirect = anonymous.get(f"{node2.url}{document_url}")
    assert redirect.status_code == 302
    signed = redirect.headers["Location"]
    assert signed.startswith(f"{cluster.s3.endpoint}/{cluster.s3.bucket}/media/knowledgebank/")
    assert "X-Amz-Expires=60" in signed and "X-Amz-Signature=" in signed
    download = requests.get(signed, timeout=10)
    assert download.status_code == 200 and download.content == PDF

    # E-mail: each exactly once with both workers running ...
    worker_a, worker_b = cluster.worker("worker-a"), cluster.worker("worker-b")
    worker_a.start()
    worker_b.start()
    submitter = visitor()
    submitter.get(f"{node1.url}/ideas/track/")  # a form: the CSRF cookie, valid on both nodes
    burst_started = time.monotonic()
    for n in range(BURST):
        _submit_idea(submitter, (node1, node2)[n % 2], n)
    wait_for(lambda: len(cluster.smtp.messages) >= BURST, 60, "the first burst's e-mails")
    first_burst = time.monotonic() - burst_started
    ids = Counter(m["Message-ID"] for m in cluster.smtp.messages)
    shares = (_succeeded(worker_a), _succeeded(worker_b))
    assert len(ids) == BURST and sum(ids.values()) == BURST, ids
    first_sent = len(ids)
    assert min(shares) > 0, f"both workers should have sent some: {shares}"

    # ... and nothing lost when one worker is killed in the middle of the next burst.
    killed_holding = None
    for n in range(BURST, 2 * BURST):
        if n == BURST + BURST // 3:
            worker_a.kill()  # SIGKILL: no shutdown, no acknowledgement
            killed = time.monotonic()
            killed_holding = cluster.query(
                "SELECT count(*) FROM notifications_email WHERE status = 'sending'"
            )[0][0]
        _submit_idea(submitter, (node1, node2)[n % 2], n)
    [(rows,)] = cluster.query("SELECT count(*) FROM notifications_email")
    assert rows == 2 * BURST

    def all_sent():
        return (
            cluster.query("SELECT count(*) FROM notifications_email WHERE status <> 'sent'")[0][0]
            == 0
        )

    wait_for(all_sent, 60, "every e-mail of the second burst (the killed worker's too)")
    recovered = time.monotonic() - killed
    ids = Counter(m["Message-ID"] for m in cluster.smtp.messages)
    stored = {
        f"<{uuid}@meetregion>" for (uuid,) in cluster.query("SELECT uuid FROM notifications_email")
    }
    duplicates = sum(ids.values()) - len(ids)
    lost = len(stored - set(ids))
    took = time.monotonic() - started
    print(
        f"\ntwo nodes: answering {answering:.1f}s after start with 503 'starting' ({pending} "
        f"migrations pending), ready {ready_after:.1f}s after start (the migration job took "
        f"{migrated:.1f}s); session from node 1 valid on node "
        f"2; document uploaded through node 1 ({len(PDF)} bytes, to the bucket, none on disk) "
        f"downloaded through node 2 by a 60 s signed URL, identical; node 2's cached list "
        f"(miss, hit) showed node 1's publication on its next request ({seen_after * 1000:.0f} "
        f"ms later, cache lifetime 300 s); {BURST} e-mails with both workers: {first_sent} "
        f"sent once each in {first_burst:.1f}s, shares {shares[0]}/{shares[1]}, 0 duplicates; "
        f"worker A killed (SIGKILL) a third into the next {BURST} while {killed_holding} "
        f"e-mail(s) were being sent: {2 * BURST - lost}/{2 * BURST} delivered, {lost} lost, "
        f"{duplicates} duplicate(s), all sent {recovered:.1f}s after the kill; {took:.1f}s in all"
    )
    assert lost == 0 and len(stored) == 2 * BURST
    # The one window for a duplicate: the relay accepted, the worker died before marking it.
    assert duplicates <= 1
