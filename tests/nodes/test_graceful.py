"""Stopping a node without losing what it was doing: a web node drains on SIGTERM (unready,
still serving, then the requests under way finish), a worker finishes its short tasks and hands
the long ones back. Prints what it measured (run with -s)."""

import asyncio
import signal
import socket
import time
from urllib.parse import urlencode

import pytest
import requests
from django.db import transaction

from ideas.models import Idea
from notifications.models import Email
from notifications.services import email_queue

from ..factories import idea_form_data
from ..smtp_sink import SinkHandler
from ..workers import port_open, use_broker, wait_for
from .conftest import PUBLIC_HOST, readiness

pytestmark = pytest.mark.worker


def _slow_post_started(node, visitor, data: bytes) -> socket.socket:
    """A client that sends its headers and half its body, then stalls (a slow upload)."""
    cookies = "; ".join(f"{c.name}={c.value}" for c in visitor.cookies)
    head = (
        "POST /ideas/new/ HTTP/1.1\r\n"
        f"Host: {PUBLIC_HOST}\r\nX-Forwarded-Proto: https\r\n"
        f"Referer: https://{PUBLIC_HOST}/ideas/new/\r\n"
        f"Cookie: {cookies}\r\nX-CSRFToken: {visitor.cookies['csrftoken']}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
    )
    client = socket.create_connection(("127.0.0.1", node.port), timeout=30)
    client.sendall(head.encode() + data[: len(data) // 2])
    return client


def _response(client) -> bytes:
    chunks = []
    while chunk := client.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_web_node_drains_on_sigterm_and_finishes_the_request_under_way(small_cluster, visitor):
    node = small_cluster.web_node(
        "web", workers=2, MEETREGION_DRAIN_SECONDS="2", GUNICORN_GRACEFUL_TIMEOUT="10"
    )
    node.start()
    assert readiness(node).status_code == 200
    browser = visitor()
    browser.get(f"{node.url}/ideas/track/")  # the CSRF cookie
    data = urlencode(idea_form_data(confirmed_similar="1", email="late@example.org")).encode()
    client = _slow_post_started(node, browser, data)
    time.sleep(0.5)  # a real server: let a worker take the connection and wait for the body

    node.process.send_signal(signal.SIGTERM)
    term = time.monotonic()
    draining = requests.get(f"{node.url}/healthz/ready/", timeout=5)
    assert draining.status_code == 503 and draining.json()["state"] == "stopping"
    assert requests.get(f"{node.url}/healthz/ping/", timeout=5).status_code == 200
    assert browser.get(f"{node.url}/criteria/").status_code == 200  # still serving visitors
    # After the drain gunicorn itself stops: it closes its listener and tells its workers to
    # finish what they are doing (the timer's second SIGTERM, logged as the first was).
    wait_for(lambda: node.log_tail(5000).count("Handling signal: term") == 2, 15, "the drain's end")
    drained = time.monotonic() - term

    client.sendall(data[len(data) // 2 :])  # the slow client finishes its upload
    answer = _response(client)
    client.close()
    assert answer.startswith(b"HTTP/1.1 302"), answer[:300]
    assert node.process.wait(timeout=15) == 0
    exited = time.monotonic() - term
    assert not port_open(node.port)
    assert Idea.objects.filter(email="late@example.org").count() == 1
    print(
        f"\nweb node SIGTERM: /healthz/ready/ 503 'stopping' at once while pages and "
        f"/healthz/ping/ still answered 200; gunicorn's own graceful stop {drained:.1f}s after "
        f"SIGTERM (drain 2 s); the upload under way finished after that with 302 and its idea "
        f"was stored; exit code 0 {exited:.1f}s after SIGTERM"
    )
    assert 1.5 <= drained < 6


class HeldRelay(SinkHandler):
    """Takes `delays[address]` seconds over an address the first time it sees it."""

    def __init__(self, delays):
        super().__init__()
        self.delays, self.started = dict(delays), []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.started.append(address)
        await asyncio.sleep(self.delays.pop(address, 0))
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _email(to):
    with transaction.atomic():
        return email_queue(
            to=to, template="tracking_links", context={"links": [], "site": None}, language="en"
        )


def _status(email):
    return Email.objects.get(pk=email.pk).status


def test_a_worker_told_to_stop_finishes_short_tasks_and_hands_long_ones_back(small_cluster):
    relay = HeldRelay({"quick@example.org": 1.0, "stuck@example.org": 60.0})
    small_cluster.smtp.handler = small_cluster.smtp.controller.handler = relay
    # As docker-compose.yml and the Kubernetes manifests run workers, with shorter times: the
    # worker is gone once the soft timeout is over and the stuck send's socket gives up.
    stopping = {
        "REMAP_SIGTERM": "SIGQUIT",
        "CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT": "3",
        "EMAIL_TIMEOUT": "5",
    }
    first = small_cluster.worker("worker-a", pool="prefork", concurrency=2, **stopping)
    first.start()
    use_broker(small_cluster.redis.url)
    try:
        quick, stuck = _email("quick@example.org"), _email("stuck@example.org")
        wait_for(lambda: len(relay.started) == 2, 30, "both sends to begin")
        first.terminate()
        term = time.monotonic()
        first.process.wait(timeout=30)
        stopped = time.monotonic() - term
        assert _status(quick) == Email.Status.SENT  # finished within the soft timeout
        # Still claimed by its task, which the broker hands to the next worker.
        assert _status(stuck) == Email.Status.SENDING
        second = small_cluster.worker("worker-b")
        second.start()
        wait_for(lambda: _status(stuck) == Email.Status.SENT, 30, "another worker to send it")
        handed_over = time.monotonic() - term
    finally:
        use_broker(None)
    ids = [m["Message-ID"] for m in small_cluster.smtp.messages]
    print(
        f"\nworker SIGTERM (soft shutdown 3 s, SMTP timeout 5 s): the 1 s send finished, the "
        f"stuck one was handed back to the broker; worker gone {stopped:.1f}s after SIGTERM; the other worker sent it "
        f"{handed_over:.1f}s after SIGTERM; {len(ids)} messages, {len(set(ids))} distinct"
    )
    assert sorted(ids) == sorted([quick.message_id, stuck.message_id])
    assert stopped < 3 + 5 + 5
