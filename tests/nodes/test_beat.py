"""Two beat processes by mistake: every periodic task still goes out once per period, and the
second beat carries on alone when the first one stops. No worker runs: the test reads what the
beats put on the broker. Prints what it measured (run with -s)."""

import json
import re
import time
from collections import Counter

import pytest
import redis
from django.conf import settings

from ..workers import Beat

pytestmark = pytest.mark.worker

SCHEDULE = settings.CELERY_BEAT_SCHEDULE  # the entries; tests/nodes/beat_settings.py times them
BEAT_SECONDS = 2
BOTH = 6.0  # seconds with both beats running
ALONE = 5.0  # seconds with the second one alone
CLAIM = re.compile(r"Scheduler: (\S+) claimed for the period from (\S+) by (\S+)")


def _claims(*beats):
    found = []
    for beat in beats:
        found += [match.groups() for match in CLAIM.finditer(beat.log.read_text())]
    return found


def test_two_beats_send_each_periodic_task_once_per_period(small_cluster):
    env = small_cluster.env(
        DJANGO_SETTINGS_MODULE="tests.nodes.beat_settings",
        MEETREGION_TEST_BEAT_SECONDS=str(BEAT_SECONDS),
    )
    first = Beat(name="beat-1", env=env, directory=small_cluster.directory)
    second = Beat(name="beat-2", env=env, directory=small_cluster.directory)
    small_cluster.processes += [first, second]
    first.start()
    began = time.monotonic()  # the first beat runs from here on
    second.start()
    time.sleep(BOTH)  # real processes on a real clock: let the periods pass
    first.stop()
    stopped = time.monotonic()
    time.sleep(ALONE)
    window = time.monotonic() - began  # some beat was running all along
    second.stop()

    broker = redis.Redis.from_url(small_cluster.redis.url)
    messages = [json.loads(raw) for raw in broker.lrange("celery", 0, -1)]
    sent = Counter(message["headers"]["task"] for message in messages)
    claims = _claims(first, second)
    per_period = Counter((name, period) for name, period, _beat in claims)
    doubled = {key: n for key, n in per_period.items() if n > 1}
    by_beat = Counter(int(beat.rsplit(":", 1)[1]) for _name, _period, beat in claims)
    skipped = sum(
        beat.log.read_text().count("was sent this period by another beat")
        for beat in (first, second)
    )
    second_alone = Counter(name for name, _period, _beat in _claims(second))
    tasks = {entry["task"] for entry in SCHEDULE.values()}
    print(
        f"\ntwo beats, {len(SCHEDULE)} entries every {BEAT_SECONDS}s, {BOTH:.0f}s together then "
        f"{ALONE:.0f}s the second alone ({window:.1f}s with a beat running): {len(messages)} tasks sent ({dict(sent)}), "
        f"{len(claims)} periods claimed, {len(doubled)} claimed twice, {skipped} sends skipped "
        f"because the other beat had sent them, claims by the first beat {by_beat[first.process.pid]}, by the second "
        f"{by_beat[second.process.pid]}"
    )
    assert set(sent) == tasks
    assert not doubled
    assert len(messages) == len(claims)  # every claim sent once, nothing sent unclaimed
    assert skipped > 0  # the second beat really was there, and held back
    for task in tasks:
        # One per period of the clock, not two: at most one more for the periods cut at the ends.
        assert sent[task] <= window / BEAT_SECONDS + 1, (task, sent[task])
        assert sent[task] >= window / BEAT_SECONDS - 3, (task, sent[task])
    # The second beat carried the schedule alone once the first had stopped.
    assert all(second_alone[name] >= ALONE / BEAT_SECONDS - 1 for name in SCHEDULE), second_alone
    assert time.monotonic() - stopped >= ALONE
