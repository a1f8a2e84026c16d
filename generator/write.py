"""Write stage: put the rendered site in place all at once, touching only what changed.

Pages are written into a staging folder beside the output folder, which is then swapped in
with one atomic exchange (two renames where the system has none), so `site/` is always a
complete earlier or later build, never half of one, even when the build is killed.
A page whose bytes equal the live site's is hard-linked from it instead of written, so
unchanged files keep their inode and modification time (static hosts and browsers see
them as unchanged).

A large build hands its new files to a helper process (`OffloadedWrites`) in batches: the
builder is single-threaded, and the disk work (compare with the live file, write or link,
stat) then runs on another core while the next pages render.

`serve` rewrites a few pages per edit of a large site: `InPlaceWriter` writes the changed
files beside their targets and renames them in only when every page was made, so a broken
template still leaves the last good site, without re-linking thousands of unchanged files.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.helper_process import HelperFailed, HelperProcess, messages, reply
from generator.structure.build import FileStamp

STAGING_PREFIX = ".site-build-"
RETIRED_SUFFIX = ".retired"
TRASH_MARK = "trash-"


def remove_stale_staging(out: Path) -> None:
    """Clear what an interrupted earlier build left beside the output folder; a build
    stopped between the two renames of the fallback swap gets its last site back."""
    parent = out.parent
    if not parent.exists():
        return
    retired = out.with_name(out.name + RETIRED_SUFFIX)
    if retired.is_dir() and not out.exists():
        os.replace(retired, out)
    ours = f"{STAGING_PREFIX}{out.name}-{TRASH_MARK}{os.getpid()}-"  # being emptied by this process's thread
    for entry in parent.iterdir():
        # The dash: staging of an output folder "site2" beside "site" is not ours.
        if (
            entry.name.startswith(f"{STAGING_PREFIX}{out.name}-") and not entry.name.startswith(ours)
        ) or entry.name == retired.name:
            shutil.rmtree(entry, ignore_errors=True)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


@lru_cache(maxsize=1)
def _renameat2():
    try:
        return ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+
    except (OSError, AttributeError):
        return None


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so a build killed at
    any moment leaves the output folder whole, the earlier site or the later one. False
    where the system or file system cannot, and the caller falls back to two renames."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def file_stamp(path: Path | str) -> FileStamp:
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def stage_file(staging: str, out: str, relative: str, data: bytes) -> tuple[FileStamp, bool]:
    """Put one file in the staging folder: hard-linked from the live site when its bytes are
    the same (True), else written. Returns the staged file's stamp; renaming the staging
    folder into place keeps inodes and times."""
    live, target = os.path.join(out, relative), os.path.join(staging, relative)
    try:
        with open(live, "rb") as current:
            same = os.fstat(current.fileno()).st_size == len(data) and current.read() == data
    except OSError:
        same = False
    if same:
        try:
            _link(live, target)
        except OSError:
            same = False
    if not same:
        try:
            handle = open(target, "wb")
        except FileNotFoundError:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            handle = open(target, "wb")
        with handle:
            handle.write(data)
    stat = os.stat(target)
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns), same


def _link(live: str, target: str) -> None:
    """Hard-link `live` at `target`, making the target's folder if it is missing."""
    try:
        os.link(live, target)
    except FileNotFoundError:
        if not os.path.exists(live):
            raise
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(live, target)


def keep_file(staging: str, out: str, relative: str, expected: FileStamp | None = None) -> FileStamp | None:
    """Link the live site's file into the staging folder; its stamp, or None when there is
    none, or when it is not the file `expected` describes (someone changed the site by hand)."""
    live, target = os.path.join(out, relative), os.path.join(staging, relative)
    try:
        stamp = file_stamp(live)
        if expected is not None and stamp != expected:
            return None
        _link(live, target)
    except FileNotFoundError:
        return None
    except OSError:  # a file system without hard links
        shutil.copy2(live, target)
        stamp = file_stamp(target)
    return stamp


def stage_beside(root: str, relative: str, data: bytes) -> tuple[str | None, FileStamp]:
    """For `InPlaceWriter`: compare with the live file under `root` and, if it differs, write
    the new bytes beside it. Returns the temporary file (None: the live file is kept) and
    the stamp the file will have in place (a rename keeps inode and times)."""
    live = os.path.join(root, relative)
    try:
        with open(live, "rb") as current:
            if current.read() == data:
                stat = os.fstat(current.fileno())
                return None, (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except OSError:
        pass
    folder, name = os.path.split(live)
    os.makedirs(folder, exist_ok=True)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}{InPlaceWriter.TEMP_SUFFIX}")
    with open(temporary, "wb") as out:
        out.write(data)
    stat = os.stat(temporary)  # once closed: before, the last bytes may still be in the buffer
    return temporary, (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def serve_writes() -> None:
    """The helper process of `OffloadedWrites`: stages the batches it is sent until its input
    closes, and answers with every file's stamp."""
    results = []
    for staging, out, batch in messages():
        if staging is None:  # in place (serve): (path, temporary or None, stamp)
            results.extend((relative, *stage_beside(out, relative, data)) for relative, data in batch)
        else:  # (path, stamp, linked)
            results.extend((relative, *stage_file(staging, out, relative, data)) for relative, data in batch)
    reply(results)


class OffloadedWrites:
    """Stages files in a helper process (`serve_writes`), a batch at a time."""

    BATCH_BYTES = 1 << 20

    def __init__(self, staging: Path | None, out: Path):
        # No staging folder: files are written beside their live versions (`stage_beside`).
        self.staging, self.out = (str(staging) if staging is not None else None), str(out)
        self.helper = HelperProcess("generator.write:serve_writes")
        self.batch: list[tuple[str, bytes]] = []
        self.size = 0

    def put(self, relative: str, data: bytes) -> None:
        self.batch.append((relative, data))
        self.size += len(data)
        if self.size >= self.BATCH_BYTES:
            self._send()

    def _send(self) -> None:
        if self.batch:
            self.helper.send((self.staging, self.out, self.batch))
            self.batch, self.size = [], 0

    def finish(self) -> list[tuple]:
        """Every staged file's (path, stamp, linked), or in place (path, temporary, stamp);
        raises if the helper failed."""
        self._send()
        try:
            return self.helper.answer()
        except HelperFailed as exc:
            raise OSError(f"writing the site failed: {exc.detail}") from None

    def cancel(self) -> None:
        self.helper.close()


class SiteWriter:
    """Collects a site file by file in staging; `commit` swaps it in, `abort` drops it."""

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(self.out)
        self.staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{self.out.name}-", dir=self.out.parent))
        self.report = WriteReport()
        self.paths: set[str] = set()
        self._folders: set[Path] = set()
        self.stamps: dict[str, FileStamp] = {}  # of files given to `put_later`
        self._offload: OffloadedWrites | None = None

    def live(self, relative: str) -> Path:
        return self.out / relative

    def _target(self, relative: str) -> Path:
        target = self.staging / relative
        folder = target.parent
        if folder not in self._folders:
            folder.mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        self.paths.add(relative)
        return target

    def keep(self, relative: str, expected: FileStamp | None = None) -> FileStamp | None:
        """Carry the live site's file over unchanged; None when there is none, or when it is
        not the file `expected` describes (someone changed the site by hand)."""
        self._target(relative)  # its folder, made once
        stamp = keep_file(str(self.staging), str(self.out), relative, expected)
        if stamp is None:
            self.paths.discard(relative)
            return None
        self.report.unchanged += 1
        return stamp

    def kept_elsewhere(self, relative: str) -> None:
        """Count in a file another process carried over (`keep_file`)."""
        self.paths.add(relative)
        self.report.unchanged += 1

    def put(self, relative: str, content: str | bytes) -> FileStamp:
        """Stage a file; bytes equal to the live file's are linked, not written."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.paths.add(relative)  # its folder is made by `stage_file`
        stamp, linked = stage_file(str(self.staging), str(self.out), relative, data)
        self._count(linked)
        return stamp  # renaming the folder keeps inode and times

    def staged_elsewhere(self, relative: str, stamp: FileStamp, linked: bool) -> FileStamp:
        """Count in a file another process staged (the search index's helper)."""
        self.paths.add(relative)
        self._count(linked)
        return stamp

    # Below this many files a helper process costs more than it saves.
    OFFLOAD_AFTER = 200

    def put_later(self, relative: str, content: str | bytes) -> None:
        """Stage a file like `put`; its stamp is in `stamps` once `commit` has returned. The
        first files are staged here, the rest by a helper process (`OffloadedWrites`)."""
        if self._offload is None and len(self.stamps) < self.OFFLOAD_AFTER:
            self.stamps[relative] = self.put(relative, content)
            return
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.paths.add(relative)  # its folder is made by the helper process
        if self._offload is None:
            self._offload = OffloadedWrites(self.staging, self.out)
        self._offload.put(relative, data)

    def _count(self, linked: bool) -> None:
        if linked:
            self.report.unchanged += 1
        else:
            self.report.written += 1

    def _finish_offload(self) -> None:
        if self._offload is not None:
            offload, self._offload = self._offload, None
            for relative, stamp, linked in offload.finish():
                self.stamps[relative] = stamp
                self._count(linked)

    def commit(self) -> WriteReport:
        try:
            self._finish_offload()
            if self.out.is_dir():
                self.report.removed = sum(
                    1 for p in self.out.rglob("*") if p.is_file() and str(p.relative_to(self.out)) not in self.paths
                )
            os.chmod(self.staging, 0o755)
            if self.out.is_dir() and exchange(self.staging, self.out):
                # The staging folder now holds the previous site; a kill before it is
                # removed leaves it for the next build's `remove_stale_staging`.
                shutil.rmtree(self.staging, ignore_errors=True)
                return self.report
            # Elsewhere two renames: for a moment there is no output folder, and a build
            # stopped right then is repaired by the next one (`remove_stale_staging`).
            retired = self.out.with_name(self.out.name + RETIRED_SUFFIX)
            if self.out.exists():
                os.replace(self.out, retired)
            os.replace(self.staging, self.out)
            shutil.rmtree(retired, ignore_errors=True)
        except BaseException:
            self.abort()
            raise
        return self.report

    def abort(self) -> None:
        if self._offload is not None:
            self._offload.cancel()
            self._offload = None
        shutil.rmtree(self.staging, ignore_errors=True)


class InPlaceWriter:
    """The `SiteWriter` interface for `serve`: changed files are renamed into the live site
    at `commit`, one by one, and files no page claims are removed. Paths are plain strings:
    an edit checks thousands of unchanged files, and pathlib would cost more than the stats.

    Past its first files, `put_later` hands the disk work (compare with the live file, write
    the new one beside it) to a helper process like `SiteWriter`'s, so after a template edit
    it runs on the other core while the pages render. (A thread would wait for the GIL
    between every file call while the renderer holds it.)"""

    TEMP_SUFFIX = ".reader-tmp"

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(self.out)
        self._root = str(self.out) + os.sep
        self.report = WriteReport()
        self.paths: set[str] = set()
        self._pending: list[tuple[str, str]] = []  # (temporary file, target)
        self.stamps: dict[str, FileStamp] = {}
        self._offload: OffloadedWrites | None = None
        # The site's files this writer changed (renamed in or removed), each since the last
        # early commit: what serve tells the open pages to reload.
        self.changed: list[str] = []

    def live(self, relative: str) -> Path:
        return self.out / relative

    def keep(self, relative: str, expected: FileStamp | None = None) -> FileStamp | None:
        try:
            stat = os.stat(self._root + relative)
        except FileNotFoundError:
            return None
        stamp = stat.st_ino, stat.st_size, stat.st_mtime_ns
        if expected is not None and stamp != expected:
            return None
        self.paths.add(relative)
        self.report.unchanged += 1
        return stamp

    def carry(self, paths) -> None:
        """Files of the last build kept as they are, unlooked at (serve trusts its own site)."""
        self.paths.update(paths)
        self.report.unchanged += len(paths)

    def put(self, relative: str, content: str | bytes) -> FileStamp:
        data = content.encode("utf-8") if isinstance(content, str) else content
        temporary, stamp = stage_beside(self._root, relative, data)
        self.adopt(relative, temporary, stamp)
        return stamp

    def adopt(self, relative: str, temporary: str | None, stamp: FileStamp) -> None:
        """Take a file staged by `stage_beside` (here, in the helper process, or in a forked
        page maker) as this writer's: it is renamed in at `commit`."""
        self.paths.add(relative)
        if temporary is None:
            self.report.unchanged += 1
        else:
            self._pending.append((temporary, self._root + relative))
            self.report.written += 1

    OFFLOAD_AFTER = SiteWriter.OFFLOAD_AFTER  # an edit's few pages are written here

    def put_later(self, relative: str, content: str | bytes) -> None:
        """Like `put`; the file's stamp is in `stamps` once `commit` has returned."""
        if self._offload is None and len(self.stamps) < self.OFFLOAD_AFTER:
            self.stamps[relative] = self.put(relative, content)
            return
        if self._offload is None:
            self._offload = OffloadedWrites(None, Path(self._root))
        self._offload.put(relative, content.encode("utf-8") if isinstance(content, str) else content)

    def _finish_later(self) -> None:
        """Wait for the helper process; its files are then recorded as if `put` wrote them."""
        if self._offload is not None:
            offload, self._offload = self._offload, None
            for relative, temporary, stamp in offload.finish():
                self.adopt(relative, temporary, stamp)
                self.stamps[relative] = stamp

    # Replacing a file frees its old blocks, which on a file system mounted with `discard`
    # costs a millisecond or more per file: after a template edit, thousands of files while
    # the browser waits. From this many files on, each old file is first hard-linked into a
    # trash folder beside the site (the swap stays atomic), which a thread empties afterwards.
    TRASH_AFTER = 64

    def commit_early(self, removed: list[str]) -> list[str]:
        """Rename the files put so far in now and remove `removed`, while the build goes on:
        serve shows the edited articles' pages before the pages that follow from them. The
        site paths changed, which `changed` then starts again from."""
        self.commit(removed)
        changed, self.changed = self.changed, []
        return changed

    def commit(self, removed: list[str] | None = None) -> WriteReport:
        """Rename the changed files in and remove the files no page claims: `removed`, when
        the caller knows them (serve, whose last build wrote the folder), else every file of
        the folder not put or kept."""
        trash = None
        skip = len(self._root)
        try:
            self._finish_later()
            if len(self._pending) >= self.TRASH_AFTER:
                trash = tempfile.mkdtemp(
                    prefix=f"{STAGING_PREFIX}{self.out.name}-{TRASH_MARK}{os.getpid()}-", dir=self.out.parent
                )
            for number, (temporary, target) in enumerate(self._pending):
                if trash is not None:
                    try:
                        os.link(target, os.path.join(trash, str(number)))
                    except OSError:  # a new file, or no hard links here: replaced as it is
                        pass
                os.replace(temporary, target)
                self.changed.append(target[skip:])
        except BaseException:
            self.abort()
            raise
        finally:
            if trash is not None:
                threading.Thread(
                    target=shutil.rmtree, args=(trash,), kwargs={"ignore_errors": True}, name="site-trash", daemon=True
                ).start()
        self._pending = []
        if removed is not None:
            for relative in removed:
                if relative not in self.paths:
                    try:
                        os.unlink(self._root + relative)
                        self.report.removed += 1
                        self.changed.append(relative)
                    except FileNotFoundError:
                        pass
            return self.report
        for folder, _, names in os.walk(self.out):
            prefix = (folder + os.sep)[skip:]
            for name in names:
                if prefix + name not in self.paths:
                    os.unlink(os.path.join(folder, name))
                    self.report.removed += 1
                    self.changed.append(prefix + name)
        return self.report

    def abort(self) -> None:
        if self._offload is not None:
            # Files it wrote are not the site's: the next commit removes them with the other
            # files no page claims.
            self._offload.cancel()
            self._offload = None
        for temporary, _ in self._pending:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
        self._pending = []
