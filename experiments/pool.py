"""A small process pool that can be stopped at any moment without hanging.

Each worker is a spawned process with its own pipe; the runner's main thread hands out
one task at a time and waits on the pipes and the process sentinels together
(:func:`multiprocessing.connection.wait`). No background thread reads results, so an
interrupted runner cannot deadlock on a half-sent result (which is what happens to
``concurrent.futures.ProcessPoolExecutor`` when its workers are killed mid-write: its
result-reading thread blocks forever and the interpreter never exits).

Workers ignore SIGINT (a terminal's Ctrl-C reaches the whole process group; the runner
decides and stops them) and exit by themselves when the runner dies, even by SIGKILL: a
watchdog thread polls the parent pid.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait
from typing import Any

#: How often a worker checks that the process that started it is still alive.
WATCHDOG_SECONDS = 0.5


class WorkerDied(RuntimeError):
    """A worker process ended without returning its task's result."""


class TaskFailed(RuntimeError):
    """A task raised an exception in a worker (the message names it)."""


def _watch_parent(parent: int) -> None:
    # a dead parent re-parents us (to init or a subreaper): getppid changes
    while os.getppid() == parent:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)


@contextlib.contextmanager
def _children_ignore_sigint() -> Iterator[None]:
    """Start processes that ignore SIGINT from their first instruction.

    A Ctrl-C while a spawned worker is still importing would otherwise print its
    KeyboardInterrupt traceback. An ignored signal stays ignored across exec and Python
    keeps it so, hence: block SIGINT, ignore it, start the child, restore the handler,
    unblock. A Ctrl-C in between stays pending (Linux keeps blocked signals pending even
    when ignored) and reaches the restored handler: none is lost.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _worker(conn: Any, parent: int, func: Callable[..., Any]) -> None:
    """A worker's life: take a task, send back ``("ok", result)`` or ``("error", text)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # already ignored since exec; stays so
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            reply = ("ok", func(*task))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which decides
            reply = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(reply)


def imap_unordered(
    func: Callable[..., Any], tasks: Iterable[tuple[Any, ...]], workers: int
) -> Iterator[Any]:
    """``func(*task)`` for every task in ``workers`` spawned processes, as they finish.

    Closing the generator early (an exception in the consumer, Ctrl-C) kills the workers
    at once; a normal end lets them exit.

    Raises:
        WorkerDied: A worker process ended unexpectedly (killed, out of memory).
        TaskFailed: ``func`` raised in a worker.

    """
    todo = iter(tasks)
    ctx = multiprocessing.get_context("spawn")  # safe with threads, same on every OS
    procs: list[Any] = []
    conns: list[Any] = []
    busy: dict[Any, Any] = {}  # connection -> its process, while a task is out
    finished = False
    try:
        for _ in range(workers):
            task = next(todo, None)
            if task is None:
                break
            parent_end, child_end = ctx.Pipe()
            proc = ctx.Process(target=_worker, args=(child_end, os.getpid(), func), daemon=True)
            with _children_ignore_sigint():
                proc.start()
            child_end.close()  # only the child holds it now: its death gives us EOF
            procs.append(proc)
            conns.append(parent_end)
            parent_end.send(task)
            busy[parent_end] = proc
        while busy:
            ready = wait([*busy, *(p.sentinel for p in busy.values())])
            for conn in [c for c in busy if c in ready]:
                try:
                    status, payload = conn.recv()
                except (EOFError, OSError):
                    raise WorkerDied("a worker process died (killed, or out of memory?)") from None
                if status != "ok":
                    raise TaskFailed(payload)
                task = next(todo, None)
                if task is None:
                    del busy[conn]
                else:
                    try:
                        conn.send(task)
                    except OSError:
                        raise WorkerDied(
                            "a worker process died (killed, or out of memory?)"
                        ) from None
                yield payload
            dead = [c for c, p in busy.items() if p.sentinel in ready and c not in ready]
            if dead and not busy[dead[0]].is_alive():
                raise WorkerDied("a worker process died (killed, or out of memory?)")
        finished = True
    finally:
        for conn in conns:
            with contextlib.suppress(OSError):
                if finished:
                    conn.send(None)  # done: exit
        for proc in procs:
            if not finished:
                proc.kill()
        for proc in procs:
            proc.join(timeout=30)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=30)
        for conn in conns:
            conn.close()
