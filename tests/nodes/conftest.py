"""A small deployment on loopback, run from production's settings as a platform would run it:
one PostgreSQL (a database of its own on the shared server), one Redis (a private
redis-server), one S3-compatible server (moto), one SMTP relay (a sink), and as many web nodes
(gunicorn), Celery workers and beats as a test starts. Traffic goes to 127.0.0.1 only."""

import os
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
import requests
from django.db import connection

from ..s3 import S3Server
from ..smtp_sink import SmtpSink, free_port
from ..workers import ROOT, PrivateRedis, WebNode, Worker, wait_for

PRODUCTION = "meetregion.settings.production"
# The public name of the portal: the load balancer's, the same for every node.
PUBLIC_HOST = "meetregion.test"


class Cluster:
    def __init__(self, *, directory: Path, database_url: str, redis, s3, smtp):
        self.directory, self.database_url = directory, database_url
        self.redis, self.s3, self.smtp = redis, s3, smtp
        self.secret_key = secrets.token_hex(32)  # one key for every node, as in production
        self.processes = []

    def env(self, **extra) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": PRODUCTION,
            "DJANGO_SECRET_KEY": self.secret_key,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis.url,
            "EMAIL_URL": self.smtp.url,
            "SITE_URL": f"https://{PUBLIC_HOST}",
            "ALLOWED_HOSTS": f"{PUBLIC_HOST},127.0.0.1,localhost",
            "MEDIA_ROOT": str(self.directory / "media"),
            "STATIC_ROOT": str(self.directory / "static"),
            # Long enough that only invalidation, never expiry, can explain a fresh page.
            "MEETREGION_PAGE_CACHE_SECONDS": "300",
            # Every post of the test comes from 127.0.0.1.
            "MEETREGION_RATE_LIMIT_POSTS": "100000",
            # A task a killed worker held comes back after 5 s instead of 5 min.
            "CELERY_VISIBILITY_TIMEOUT": "5",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            "CELERY_TRACE_LOG_LEVEL": "INFO",
            **(self.s3.env() if self.s3 else {}),
            **extra,
        }

    def manage(self, *args, **env):
        """A one-off command, like the migration job."""
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**env),
            check=True,
            timeout=120,
            stdout=subprocess.DEVNULL,
        )

    def web_node(self, name: str, *, workers: int = 2, **env) -> WebNode:
        node = WebNode(
            port=free_port(),
            env=self.env(MEETREGION_DRAIN_FILE=str(self.directory / f"{name}.draining"), **env),
            log=self.directory / f"{name}.log",
            workers=workers,
        )
        self.processes.append(node)
        return node

    def worker(self, name: str, *, pool: str = "solo", concurrency: int = 1, **env) -> Worker:
        worker = Worker(
            hostname=name,
            pool=pool,
            concurrency=concurrency,
            broker=self.redis.url,
            smtp_url=self.smtp.url,
            log=self.directory / f"{name}.log",
            settings_module=PRODUCTION,
            env=self.env(**env),
        )
        self.processes.append(worker)
        return worker

    def query(self, sql: str, *params):
        with psycopg2.connect(self.database_url) as conn, conn.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def stop(self):
        # All at once, as a platform stops a deployment: each waits for its own shutdown.
        with ThreadPoolExecutor(max_workers=len(self.processes) or 1) as pool:
            list(pool.map(lambda process: process.stop(), self.processes))


def readiness(node) -> requests.Response:
    """/healthz/ready/ as Kubernetes probes it: plain HTTP to the node itself, no
    X-Forwarded-Proto, no public host name. Waits for a worker of a node still booting."""
    wait_for(lambda: _answers(f"{node.url}/healthz/ping/"), 60, f"{node.url} to answer")
    return requests.get(f"{node.url}/healthz/ready/", timeout=10)


def _answers(url: str) -> bool:
    try:
        requests.get(url, timeout=10)
    except requests.RequestException:
        return False
    return True


def _database_url() -> tuple[str, str]:
    base = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/meetregion")
    server, name = base.rsplit("/", 1)
    return server, f"{name}_nodes"


def _admin(server: str, sql: str):
    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    try:
        conn.cursor().execute(sql)
    finally:
        conn.close()


@pytest.fixture
def cluster_database():
    """An empty database: nothing migrated yet, as before a first deployment."""
    server, name = _database_url()
    _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(server, f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _cluster(directory: Path, database_url: str, *, s3: bool):
    redis = PrivateRedis(directory, free_port())
    storage = S3Server(directory / "s3.log") if s3 else None
    with SmtpSink() as smtp:
        redis.start()
        if storage:
            storage.start()
        deployment = Cluster(
            directory=directory, database_url=database_url, redis=redis, s3=storage, smtp=smtp
        )
        try:
            yield deployment
        finally:
            deployment.stop()
            if storage:
                storage.stop()
            redis.stop()
            for log in sorted(directory.glob("*.log")):
                sys.stderr.write(f"--- {log.name}\n{log.read_text()[-6000:]}\n")


@pytest.fixture
def cluster(tmp_path, cluster_database):
    """A first deployment: an empty database, files on the S3-compatible server."""
    with _cluster(tmp_path, cluster_database, s3=True) as deployment:
        # What the image's build does (Dockerfile): static files, fingerprinted and compressed.
        deployment.manage("collectstatic", "--noinput", "-v0")
        yield deployment


@pytest.fixture
def small_cluster(tmp_path, transactional_db):
    """Processes on the test database (migrated already), files on local disk."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    with _cluster(tmp_path, url, s3=False) as deployment:
        deployment.manage("collectstatic", "--noinput", "-v0")
        yield deployment


class Visitor(requests.Session):
    """A browser seen through the load balancer: every request to a node carries the public
    host name and X-Forwarded-Proto: https; posts carry the CSRF token and a same-site
    Referer as a browser would.

    TLS ends at the load balancer, which speaks plain HTTP to the nodes (here on loopback), so
    the visitor sends its Secure cookies itself: requests would keep them for https URLs."""

    def __init__(self):
        super().__init__()
        self.headers.update({"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"})

    def request(self, method, url, **kwargs):
        if self.cookies:
            headers = kwargs.pop("headers", None) or {}
            headers["Cookie"] = "; ".join(f"{c.name}={c.value}" for c in self.cookies)
            kwargs["headers"] = headers
        return super().request(method, url, **kwargs)

    def get(self, url, **kwargs):
        kwargs.setdefault("timeout", 15)
        kwargs.setdefault("allow_redirects", False)
        return super().get(url, **kwargs)

    def post(self, url, data=None, **kwargs):
        path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
        headers = {
            "Referer": f"https://{PUBLIC_HOST}/{path}",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
            **kwargs.pop("headers", {}),
        }
        kwargs.setdefault("timeout", 15)
        kwargs.setdefault("allow_redirects", False)
        return super().post(url, data=data, headers=headers, **kwargs)


@pytest.fixture
def visitor():
    return Visitor
