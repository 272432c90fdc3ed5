"""All-or-nothing writes of several files (a multi-task run's results and predictions).

Each file is first written in full to a temporary file beside its target (named with the
writer's pid, so concurrent runs never share one). Commit writes a journal listing every
(temporary, target) pair, renames them all, then deletes the journal; signals are held
back meanwhile, so Ctrl-C, SIGTERM or SIGHUP land before or after the commit, never in it.
A SIGKILL can still stop a commit half-way: the next bench command that opens the folder
finds the dead writer's journal and finishes its renames (the files were complete before
the journal was written), and deletes temporary files whose writer is gone. So a reader
sees the old set or the new set, never a mix, and no temporary file outlives its writer.
"""
from __future__ import annotations

import json
import os
import re
import signal
import tempfile
from contextlib import contextmanager
from pathlib import Path

JOURNAL_PREFIX = ".bench-journal-"
_TEMP = re.compile(r"^\..+\.(\d+)\.[^.]+\.tmp$")
_HELD = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
COMMITTED: list[Path] = []  # every file this process has committed, for a truthful message on interrupt


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_temp(path: Path, data: bytes) -> Path:
    """Write ``data`` in full to a temporary file beside ``path`` (mode from the umask), fsynced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


@contextmanager
def signals_held():
    """Hold back SIGINT, SIGTERM and SIGHUP for the block (delivered when it ends)."""
    try:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    except (AttributeError, ValueError):  # not the main thread, or no sigmask on this platform
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class Transaction:
    """Stage files, then commit them all at once or none of them."""

    def __init__(self, journal_dir: Path):
        self.journal_dir = journal_dir
        self.staged: list[tuple[Path, Path]] = []  # (temporary, target)
        self.committed: list[Path] = []

    def stage(self, path: Path, text: str) -> None:
        self.staged.append((write_temp(path, text.encode("utf-8")), path))

    def commit(self) -> list[Path]:
        if not self.staged:
            return []
        self.journal_dir.mkdir(parents=True, exist_ok=True)
        journal = self.journal_dir / f"{JOURNAL_PREFIX}{os.getpid()}.json"
        pairs = [[str(t.resolve()), str(p.resolve())] for t, p in self.staged]
        with signals_held():
            tmp = write_temp(journal, json.dumps({"pid": os.getpid(), "renames": pairs}).encode())
            os.replace(tmp, journal)
            for t, p in self.staged:
                os.replace(t, p)
                self.committed.append(p)
            journal.unlink()
            COMMITTED.extend(self.committed)
        self.staged = []
        return self.committed

    def rollback_last_prediction_if_same(self, target: Path, text: str) -> None:
        """Unstage the last staged file when ``target`` already holds exactly ``text``."""
        try:
            same = target.is_file() and target.read_bytes() == text.encode("utf-8")
        except OSError:
            same = False
        if same and self.staged and self.staged[-1][1] == target:
            tmp, _ = self.staged.pop()
            tmp.unlink(missing_ok=True)

    def rollback(self) -> None:
        for t, _ in self.staged:
            t.unlink(missing_ok=True)
        self.staged = []

    def __enter__(self) -> "Transaction":
        return self

    def __exit__(self, *exc) -> None:
        self.rollback()  # anything not committed is dropped


def recover(*folders: Path) -> list[str]:
    """Finish the commits of writers that died in one; delete their stray temporary files.

    Returns one line per thing done, for the user.
    """
    done: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for journal in sorted(folder.glob(f"{JOURNAL_PREFIX}*.json")):
            try:
                data = json.loads(journal.read_text(encoding="utf-8"))
                pid = int(data["pid"])
                renames = data["renames"]
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if _alive(pid):
                continue
            for tmp, target in renames:
                if Path(tmp).exists():
                    os.replace(tmp, target)
            journal.unlink(missing_ok=True)
            done.append(f"finished an interrupted commit of {len(renames)} files (writer {pid})")
        for tmp in folder.rglob(".*.tmp"):
            m = _TEMP.match(tmp.name)
            if m and not _alive(int(m.group(1))):
                tmp.unlink(missing_ok=True)
                done.append(f"removed {tmp} left by a killed writer")
    return done
