"""One runner per output directory: an advisory lock on ``DIR/runs/.lock``.

The lock is a POSIX ``flock`` on the file, so the kernel releases it when its holder
exits in any way (including SIGKILL): a lock left by a dead process is simply free,
and the next runner takes it. The file itself stays; it records the last holder (pid,
host, start time, command), which a second runner reports when the lock is busy.
It is never deleted: deleting a lock file while another process waits on it would let
two runners hold "the" lock at once. ``flock`` works on local file systems; on a
network file system use one output directory per submitting machine. The file lives in
``runs/`` (with the run files, which are not committed) so that a results directory under
version control gains no stray file.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

LOCK_NAME = ".lock"


class LockBusy(Exception):
    """Another live process holds the directory's lock (the message says who)."""


def _holder_text(info: dict[str, Any]) -> str:
    if not info or info.get("released"):
        return "another process (it has not written its details yet)"
    return (
        f"pid {info.get('pid')} on host {info.get('host')}, "
        f"started {info.get('started')} ({info.get('command', '?')})"
    )


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except (OverflowError, ValueError):
        return False
    # a process killed but not yet reaped (a zombie) still answers the signal: it is dead
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        # gone meanwhile (where /proc exists), or no /proc at all (not Linux): trust the signal
        return not Path("/proc/self").exists()
    return stat.rsplit(")", 1)[-1].split()[:1] not in (["Z"], ["X"])


class DirectoryLock:
    """Exclusive lock of an output directory for one runner.

    Usage::

        with DirectoryLock(out) as lock:   # raises LockBusy if another runner holds it
            ...
        lock.took_over  # details of an earlier holder that died holding the lock

    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / "runs" / LOCK_NAME
        self._fd: int | None = None
        self.previous: dict[str, Any] = {}

    def _read(self) -> dict[str, Any]:
        try:
            info = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}
        return info if isinstance(info, dict) else {}

    def acquire(self) -> DirectoryLock:
        """Take the lock or raise LockBusy naming the holder; OSError if unwritable."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockBusy(
                f"{self.directory} is in use by another runner: {_holder_text(self._read())}; "
                "wait for it to finish or choose another output directory"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self.previous = self._read()  # a dead holder's details, if any (the lock was free)
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
            "command": " ".join(sys.argv)[:200],
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
        return self

    @property
    def took_over(self) -> dict[str, Any]:
        """The earlier holder's details if it died holding the lock, else ``{}``."""
        return self.previous if self.previous and not self.previous.get("released") else {}

    def release(self) -> None:
        """Mark the lock released and close the file (which releases the ``flock``)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            note = {"released": time.strftime("%Y-%m-%d %H:%M:%S %z"), "pid": os.getpid()}
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(note) + "\n").encode(), 0)
        except OSError:
            pass  # the lock is released by closing anyway
        finally:
            os.close(fd)

    def __enter__(self) -> DirectoryLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
