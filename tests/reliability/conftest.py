"""Private services a test may break: its own redis-server and PostgreSQL cluster, on their
own ports from a temporary directory (never the shared ones), and a real Celery worker."""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from ..workers import PrivateRedis, Worker, port_open, use_broker

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORT = int(os.environ.get("MEETREGION_TEST_PRIVATE_REDIS_PORT", "6391"))
PG_PORT = int(os.environ.get("MEETREGION_TEST_PRIVATE_PG_PORT", "5441"))
LIVE_PORT = int(os.environ.get("MEETREGION_TEST_LIVE_PORT", "8307"))


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path, REDIS_PORT)
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def worker_factory(transactional_db, tmp_path):
    workers = []

    def make(*, broker, smtp_url, settings_module="tests.worker_settings", env=None):
        worker = Worker(
            hostname="reliability",
            broker=broker,
            smtp_url=smtp_url,
            log=tmp_path / "worker.log",
            settings_module=settings_module,
            env=env,
        )
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()
    use_broker(None)
    log = tmp_path / "worker.log"
    if log.exists():
        sys.stderr.write(log.read_text()[-3000:])


# -- a private PostgreSQL cluster -----------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"PostgreSQL's {name} is not installed (bash .ci/run installs it)")
    return path


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PrivatePostgres:
    def __init__(self, directory: Path, port: int = PG_PORT):
        self.data = directory / "pgdata"
        self.port = port
        self.logfile = directory / "postgres.log"

    def url(self, name="meetregion_private") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _ctl(self, *args, timeout=60):
        subprocess.run(
            _as_postgres(
                [
                    _pg_bin("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.logfile),
                    "-w",
                    "-t",
                    "30",
                    *args,
                ]
            ),
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
        )

    def init(self):
        assert not port_open(self.port), f"port {self.port} is taken"
        self.data.parent.chmod(0o777)
        subprocess.run(
            _as_postgres(
                [
                    _pg_bin("initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            timeout=120,
            stdout=subprocess.DEVNULL,
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.data}'\nfsync = off\n"
                "full_page_writes = off\nsynchronous_commit = off\n"
            )

    def start(self):
        self._ctl("-o", f"-p {self.port}", "start")

    def restart(self):
        self._ctl("-m", "fast", "restart")

    def outage(self, seconds: float):
        """Down for `seconds`, then up again: a restart long enough that the requests spread
        over the test's window are sure to meet it (a bare restart can be over in 0.2 s)."""
        self._ctl("-m", "fast", "stop")
        time.sleep(seconds)
        self.start()

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self._ctl("-m", "immediate", "stop")


@pytest.fixture
def private_postgres():
    # Not under pytest's tmp_path: its parents are private to root, and the cluster runs as
    # the postgres user when the tests run as root.
    directory = Path(tempfile.mkdtemp(prefix="meetregion-pg-"))
    directory.chmod(0o755)
    cluster = PrivatePostgres(directory)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(directory, ignore_errors=True)
