"""A real Celery worker process for the tests that need one, sharing the test database."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


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
    ):
        self.hostname = hostname
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
                "--pool=solo",
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

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
