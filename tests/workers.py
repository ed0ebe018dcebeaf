"""Real processes for the tests that need them: a Celery worker sharing the test database,
a private redis-server, a gunicorn web node."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from meetregion.celery import app

ROOT = Path(__file__).resolve().parents[1]


def port_open(port) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def use_broker(url: str | None):
    """Point this (web) process's Celery at a broker, dropping pooled connections; None goes
    back to the test settings (tasks run eagerly)."""
    app.conf.broker_url = url or settings.CELERY_BROKER_URL
    app.conf.task_always_eager = url is None
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


class Worker:
    def __init__(
        self,
        *,
        broker: str,
        smtp_url: str,
        log: Path,
        settings_module: str,
        env=None,
        hostname: str = "test-worker",
        pool: str = "solo",
        concurrency: int = 1,
    ):
        self.hostname, self.pool, self.concurrency = hostname, pool, concurrency
        db = connection.settings_dict
        self.log = log
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": settings_module,
            "TEST_DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "TEST_REDIS_URL": broker,
            "EMAIL_URL": smtp_url,
            **(env or {}),
        }
        self.process = None

    def start(self):
        offset = self.log.stat().st_size if self.log.exists() else 0
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "meetregion",
                "worker",
                f"--pool={self.pool}",
                f"--concurrency={self.concurrency}",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--logfile={self.log}",
                f"--hostname={self.hostname}@%h",
            ],
            cwd=ROOT,
            env=self.env,
        )
        wait_for(
            lambda: self.log.exists() and "ready." in self.log.read_text()[offset:],
            45,
            "worker start",
        )

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self):
        """What the platform sends first (Kubernetes, docker stop, systemd)."""
        self.process.send_signal(signal.SIGTERM)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


class PrivateRedis:
    """A redis-server of the test's own on a port of its own (never the shared one)."""

    def __init__(self, directory: Path, port: int):
        self.directory, self.port, self.process = directory, port, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed (bash .ci/run installs it)")
        assert not port_open(self.port), f"port {self.port} is taken"
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--daemonize",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: port_open(self.port), 15, "private redis")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_for(lambda: not port_open(self.port), 10, "private redis to stop")


class WebNode:
    """gunicorn serving the portal on 127.0.0.1, configured as in production
    (meetregion/gunicorn.py); `env` holds the node's settings module and services."""

    def __init__(self, *, port: int, env: dict, log: Path, workers: int = 2, args=()):
        self.port, self.log, self.process = port, log, None
        self.env = {"MEETREGION_DRAIN_SECONDS": "0", "GUNICORN_ACCESS_LOG": "", **env}
        self.command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:meetregion.gunicorn",
            "meetregion.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            *args,
        ]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self):
        assert not port_open(self.port), f"port {self.port} is taken"
        with open(self.log, "ab") as log:  # gunicorn's log and the portal's own
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        wait_for(lambda: port_open(self.port), 30, f"gunicorn on {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def log_tail(self, size=2000) -> str:
        return self.log.read_text()[-size:] if self.log.exists() else ""


class Beat:
    """`celery beat`, with a schedule file of its own."""

    def __init__(self, *, name: str, env: dict, directory: Path):
        self.log = directory / f"{name}.log"
        self.command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "meetregion",
            "beat",
            "--loglevel=INFO",
            f"--logfile={self.log}",
            f"--schedule={directory / name}.schedule",
        ]
        self.env, self.process = env, None

    def start(self):
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env)
        wait_for(
            lambda: self.log.exists() and "beat: Starting..." in self.log.read_text(),
            45,
            "beat start",
        )

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
