"""serve's watcher: only real changes rebuild, and a burst of events is one rebuild."""

import time

from watchdog.events import FileClosedNoWriteEvent, FileModifiedEvent, FileMovedEvent, FileOpenedEvent

from generator.livereload import _Rebuilder


def _watcher():
    calls = []
    return _Rebuilder(lambda: calls.append(1), delay=0.05), calls


def test_reading_files_during_a_build_does_not_rebuild():
    watcher, calls = _watcher()
    watcher.on_any_event(FileOpenedEvent("/c/a.txt"))
    watcher.on_any_event(FileClosedNoWriteEvent("/c/a.txt"))
    time.sleep(0.2)
    assert calls == []


def test_editor_save_by_rename_and_a_burst_give_one_rebuild():
    watcher, calls = _watcher()
    watcher.on_any_event(FileModifiedEvent("/c/.a.txt.swp"))
    watcher.on_any_event(FileMovedEvent("/c/a.txt.tmp", "/c/a.txt"))
    for _ in range(20):
        watcher.on_any_event(FileModifiedEvent("/c/b.txt"))
    time.sleep(0.3)
    assert calls == [1]


def test_editor_temp_files_alone_do_not_rebuild():
    watcher, calls = _watcher()
    watcher.on_any_event(FileModifiedEvent("/c/.a.txt.swp"))
    watcher.on_any_event(FileModifiedEvent("/c/4913"))
    time.sleep(0.2)
    assert calls == []
