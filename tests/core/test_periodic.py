"""One run per period of each periodic task, however many beats ask (core.services)."""

from datetime import UTC, datetime, timedelta

import pytest
from celery.schedules import crontab, maybe_schedule

from core.models import PeriodicRun
from core.periodic import DEFAULT_PERIOD, entry_period
from core.services import periodic_run_claim
from meetregion.celery import app

pytestmark = pytest.mark.django_db
MINUTE = timedelta(minutes=1)


def _at(h, m, s):
    return datetime(2026, 12, 3, h, m, s, tzinfo=UTC)


def _claim(by, now, name="sweep", period=MINUTE):
    return periodic_run_claim(name=name, period=period, by=by, now=now) is not None


def test_the_first_claim_of_a_period_wins_and_the_second_beat_skips():
    assert periodic_run_claim(name="sweep", period=MINUTE, by="beat-a", now=_at(9, 0, 10)) == (
        _at(9, 0, 0)
    )
    assert not _claim("beat-b", _at(9, 0, 40))
    run = PeriodicRun.objects.get()
    assert run.sent_by == "beat-a" and run.period_start == _at(9, 0, 0)


def test_each_new_period_can_be_claimed_once():
    claims = [_claim(by, _at(9, m, s)) for m in range(5) for by, s in (("a", 5), ("b", 35))]
    assert claims == [True, False] * 5


def test_a_beat_firing_just_after_a_boundary_does_not_run_it_again_a_moment_later():
    assert _claim("a", _at(9, 0, 59))
    # The next minute, but only a second after the last run: too soon.
    assert not _claim("b", _at(9, 1, 0))
    assert _claim("a", _at(9, 1, 59))


def test_tasks_are_claimed_independently():
    assert _claim("a", _at(9, 0, 1), name="sweep")
    assert _claim("b", _at(9, 0, 2), name="digests", period=timedelta(hours=1))
    assert not _claim("b", _at(9, 30, 0), name="digests", period=timedelta(hours=1))


def test_every_scheduled_task_has_a_period():
    periods = {
        name: entry_period(maybe_schedule(entry["schedule"]))
        for name, entry in app.conf.beat_schedule.items()
    }
    assert periods["sweep-pending-emails"] == MINUTE
    assert periods["anonymise-closed-ideas"] == timedelta(days=1)
    assert all(period >= DEFAULT_PERIOD for period in periods.values())


def test_a_crontab_entry_is_claimed_per_minute():
    assert entry_period(crontab(minute=0, hour=7)) == DEFAULT_PERIOD
