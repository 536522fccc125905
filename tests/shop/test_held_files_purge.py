"""Held form files are deleted once their token has expired (shop.held_files_purge):
real files in the test private storage, aged by their modified time."""

import datetime as dt
import logging
import os

from celery.schedules import crontab
from django.conf import settings
from django.core.files.base import ContentFile

from shop import tasks
from shop.held_files import HELD_FILE_MAX_AGE, held_files_purge
from shop.private_files import private_storage

NOW = dt.datetime(2025, 3, 10, 4, 0, 0, tzinfo=dt.UTC)


def _file(name: str, *, age_seconds: int) -> str:
    """A real file in the private storage whose modified time is ``age_seconds`` before NOW."""
    saved = private_storage().save(name, ContentFile(b"%PDF-1.4 scan"))
    stamp = NOW.timestamp() - age_seconds
    os.utime(private_storage().path(saved), (stamp, stamp))
    return saved


def _left() -> set[str]:
    root = settings.PRIVATE_MEDIA_ROOT
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_a_held_file_exactly_at_the_age_limit_stays_and_one_second_older_goes(caplog):
    at_limit = _file("held/at-limit", age_seconds=HELD_FILE_MAX_AGE)
    past = _file("held/past", age_seconds=HELD_FILE_MAX_AGE + 1)
    fresh = _file("held/fresh", age_seconds=60)

    with caplog.at_level(logging.INFO, logger="shop.held_files"):
        deleted = held_files_purge(now=NOW)

    assert deleted == 1
    assert _left() == {at_limit, fresh}
    assert past not in _left()
    assert caplog.messages == [f"held files: 1 older than {HELD_FILE_MAX_AGE} s deleted"]


def test_files_outside_held_are_never_touched_however_old():
    kept = {
        _file("certificates/PIRT/0a1b.pdf", age_seconds=30 * 24 * 3600),
        _file("sellers/7/documents/2c3d.pdf", age_seconds=30 * 24 * 3600),
        _file("heldover/old", age_seconds=30 * 24 * 3600),  # a prefix, not the folder
        _file("held/sub/old", age_seconds=30 * 24 * 3600),  # file_hold never nests
    }
    _file("held/old", age_seconds=30 * 24 * 3600)

    assert held_files_purge(now=NOW) == 1
    assert _left() == kept


def test_a_second_run_finds_nothing_to_delete():
    _file("held/a", age_seconds=HELD_FILE_MAX_AGE + 1)
    _file("held/b", age_seconds=HELD_FILE_MAX_AGE + 3600)

    assert held_files_purge(now=NOW) == 2
    assert held_files_purge(now=NOW) == 0
    assert _left() == set()


def test_a_file_another_run_deleted_meanwhile_is_skipped(monkeypatch):
    _file("held/a", age_seconds=HELD_FILE_MAX_AGE + 1)
    _file("held/b", age_seconds=HELD_FILE_MAX_AGE + 1)
    storage = private_storage()
    listdir = storage.listdir

    def listed_then_deleted_by_another_worker(path):
        listing = listdir(path)
        storage.delete("held/a")
        return listing

    monkeypatch.setattr(storage, "listdir", listed_then_deleted_by_another_worker)

    assert held_files_purge(now=NOW) == 1
    assert _left() == set()


def test_nothing_ever_held_deletes_nothing():
    assert held_files_purge(now=NOW) == 0


def test_the_hourly_beat_task_purges_with_the_current_time():
    entry = settings.CELERY_BEAT_SCHEDULE["shop-held-files-purge"]
    assert entry["task"] == "shop.tasks.held_files_purge"
    assert entry["schedule"] == crontab(minute=45)
    held = private_storage().save("held/old", ContentFile(b"x"))
    stamp = dt.datetime.now(dt.UTC).timestamp() - HELD_FILE_MAX_AGE - 1
    os.utime(private_storage().path(held), (stamp, stamp))
    private_storage().save("held/new", ContentFile(b"x"))

    assert tasks.held_files_purge.delay().get() == 1
    assert _left() == {"held/new"}
