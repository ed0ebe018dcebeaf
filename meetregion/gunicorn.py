"""gunicorn's configuration for a web node: `gunicorn -c python:meetregion.gunicorn
meetregion.wsgi:application` (the Dockerfile, docker-compose.yml and the Kubernetes manifests).

Stopping without dropping a request. On SIGTERM the node first *drains*: for
MEETREGION_DRAIN_SECONDS it keeps serving while /healthz/ready/ answers 503, so the load
balancer (or Kubernetes' endpoints) stops sending it new visitors; then gunicorn closes its
listener and gives the requests under way GUNICORN_GRACEFUL_TIMEOUT seconds to finish. A second
SIGTERM skips what is left of the drain; SIGINT and SIGQUIT stop at once, as in plain gunicorn.
The platform's own grace period (Kubernetes' terminationGracePeriodSeconds, docker-compose's
stop_grace_period) must cover both.
"""

import os
import signal
import tempfile
import threading
from pathlib import Path

# Every interface of the container (or GUNICORN_BIND); the platform decides what reaches it.
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# WEB_CONCURRENCY is read by gunicorn itself; this is its default.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "25"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# No runtime control socket: it would be one path ($HOME/.gunicorn) for every node on a machine,
# and containers run with a read-only home.
control_socket_disable = True

DRAIN_SECONDS = float(os.environ.get("MEETREGION_DRAIN_SECONDS", "5"))
# The workers' readiness view reads the same path (settings.MEETREGION_DRAIN_FILE): set here,
# before they are forked, unless the platform chose one (then an operator may also drain a
# node by hand: `touch $MEETREGION_DRAIN_FILE`).
DRAIN_FILE = os.environ.get("MEETREGION_DRAIN_FILE") or str(
    Path(tempfile.gettempdir()) / f"meetregion-draining-{os.getpid()}"
)
os.environ["MEETREGION_DRAIN_FILE"] = DRAIN_FILE


def on_starting(server):
    # A drain file left by the previous run of this container would keep the node unready.
    Path(DRAIN_FILE).unlink(missing_ok=True)


def when_ready(server):
    stop = server.handle_term
    draining = threading.Event()

    def handle_term():
        if draining.is_set() or DRAIN_SECONDS <= 0:
            stop()  # gunicorn's own: close the listener, wait for the requests under way
            return
        draining.set()
        Path(DRAIN_FILE).touch()
        server.log.info(
            "SIGTERM: draining for %.0fs (/healthz/ready/ answers 503), then stopping",
            DRAIN_SECONDS,
        )
        # The master handles signals in its main loop; the second SIGTERM stops it there.
        timer = threading.Timer(DRAIN_SECONDS, os.kill, (os.getpid(), signal.SIGTERM))
        timer.daemon = True
        timer.start()

    server.handle_term = handle_term


def on_exit(server):
    Path(DRAIN_FILE).unlink(missing_ok=True)
