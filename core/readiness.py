"""Whether this web node should get traffic: the answer of /healthz/ready/.

A node is *starting* until the database answers and holds every migration of this code (a
new release's pods wait for the migration job), *stopping* from SIGTERM until it exits
(meetregion/gunicorn.py keeps serving for a few seconds so that the load balancer sees the
503 and moves traffic away before the listener closes), and *ready* in between while the
database answers. Redis, the worker and the bucket are reported by /healthz/, never required
here: without them e-mail waits in the outbox, the pages still work.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

STARTING, READY, STOPPING, UNAVAILABLE = "starting", "ready", "stopping", "unavailable"

# Once this process has seen every migration applied it does not look again: migrations
# only move forward, and a later release's are written to run beside this code.
_schema_current = False


@dataclass(frozen=True)
class Readiness:
    state: str
    database: bool
    pending_migrations: int | None = None

    @property
    def ready(self) -> bool:
        return self.state == READY


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def node_draining() -> bool:
    path = settings.MEETREGION_DRAIN_FILE
    return bool(path) and Path(path).exists()


def _pending_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def readiness_check() -> Readiness:
    global _schema_current
    database = database_answers()
    if node_draining():
        return Readiness(state=STOPPING, database=database)
    if not database:
        return Readiness(state=UNAVAILABLE if _schema_current else STARTING, database=False)
    if _schema_current:
        return Readiness(state=READY, database=True, pending_migrations=0)
    try:
        pending = _pending_migrations()
    except DatabaseError:
        return Readiness(state=STARTING, database=False)
    if pending:
        return Readiness(state=STARTING, database=True, pending_migrations=pending)
    _schema_current = True
    return Readiness(state=READY, database=True, pending_migrations=0)
