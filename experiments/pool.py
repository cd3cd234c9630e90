"""A small process pool that can be stopped at any moment without hanging.

Each worker is a spawned process with its own pipe; the runner's main thread hands out
one task at a time and waits on the pipes and the process sentinels together
(:func:`multiprocessing.connection.wait`). No background thread reads results, so an
interrupted runner cannot deadlock on a half-sent result (which is what happens to
``concurrent.futures.ProcessPoolExecutor`` when its workers are killed mid-write: its
result-reading thread blocks forever and the interpreter never exits).

Workers never see SIGINT (a terminal's Ctrl-C reaches the whole process group; the
runner decides and stops them: they start with it blocked and then ignore it) and exit
by themselves when the runner dies, even by SIGKILL: a watchdog thread polls the parent
pid.

Start-up. A worker is a fresh interpreter (never a fork of the runner, which may run
threads), but it need not import the model itself: where the platform has it (Linux,
macOS), workers are forked from multiprocessing's *fork server*, a single-threaded
process started once per runner process (:func:`prepare`, early, so that its imports
overlap the runner's own preparations) that imports the modules a task needs
(``preload``) once. Each worker then starts in milliseconds with the imports done, and a
runner that runs several sweeps (``make experiments``) pays the imports once for all of
them. Elsewhere workers are spawned and import for themselves.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing import resource_tracker
from multiprocessing.connection import wait
from typing import Any

#: How often a worker checks that the process that started it is still alive.
WATCHDOG_SECONDS = 0.5


class WorkerDied(RuntimeError):
    """A worker process ended without returning its task's result."""


class TaskFailed(RuntimeError):
    """A task raised an exception in a worker (the message names it)."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process now holds the pid: ours is gone
        return False
    return True


def _watch_parent(runner: int) -> None:
    # A dead parent re-parents us (to init or a subreaper): getppid changes. Our parent is
    # the runner (spawned) or the fork server, which exits when the runner does; the
    # runner's pid is watched too, in case the fork server outlives it.
    parent = os.getppid()
    while os.getppid() == parent and _alive(runner):
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)


def _context(preload: Iterable[str] = ()) -> Any:
    """The multiprocessing context workers start from: the fork server where there is
    one (with ``preload`` imported in it), else spawn.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    if preload:
        ctx.set_forkserver_preload(list(dict.fromkeys(preload)))
    return ctx


def prepare(preload: Iterable[str] = ()) -> None:
    """Start the fork server now (if the platform has one), importing ``preload`` in it.

    Returns at once: the imports run in the fork server while the caller goes on, and
    the first worker started waits for them. Harmless to call again (a running fork
    server is kept; a new ``preload`` applies only to a fork server started later).
    """
    ctx = _context(preload)
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver

    # the resource tracker's start unblocks SIGINT and SIGTERM: let it happen before
    # _starting_children blocks them (the fork server must start with them blocked)
    resource_tracker.ensure_running()
    with _starting_children():
        forkserver.ensure_running()


@contextlib.contextmanager
def _starting_children() -> Iterator[None]:
    """Start child processes that cannot be hit by Ctrl-C, without being cut short.

    * The children must not see SIGINT (a terminal's Ctrl-C reaches the whole process
      group) even while they import, which would print a KeyboardInterrupt traceback. A
      signal mask is inherited across fork and exec and Python leaves it alone, so the
      main thread blocks SIGINT and SIGTERM while it starts them; the child ignores SIGINT
      and unblocks SIGTERM itself (:func:`_worker`).
    * The runner must not be interrupted halfway through ``Process.start`` (the child
      would read half its start-up data and print a traceback, and the runner would not
      know its pid to stop it). A signal can still reach another thread (OpenBLAS starts
      some) and Python would then run the handler in the main thread anyway, so the
      Python-level handlers only record signals here; recorded signals are raised again
      once the child is started and registered. None is lost.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    both = (signal.SIGINT, signal.SIGTERM)
    received: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: received.append(signum)) for s in both}
    signal.pthread_sigmask(signal.SIG_BLOCK, both)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, both)
        for signum in dict.fromkeys(received):
            signal.raise_signal(signum)  # now handled as it would have been


def _worker(conn: Any, parent: int, func: Callable[..., Any]) -> None:
    """A worker's life: take a task, send back ``("ok", result)`` or ``("error", text)``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # blocked since exec (inherited): now ignored
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # blocked while we started
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    while True:
        try:
            task = conn.recv()
        except Exception:  # noqa: BLE001 - parent gone or a message cut short: stop quietly
            return
        if task is None:
            return
        try:
            reply = ("ok", func(*task))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which decides
            reply = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except OSError:  # the parent is gone
            return


def stop_fork_server() -> None:
    """Stop the fork server, if one runs, and wait for it (it is started again when
    needed). Lets a caller account for the CPU time of the fork server and its workers.
    """
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # the stdlib's own way to stop it (used by its tests)


def imap_unordered(
    func: Callable[..., Any],
    tasks: Iterable[tuple[Any, ...]],
    workers: int,
    preload: Iterable[str] = (),
) -> Iterator[Any]:
    """``func(*task)`` for every task in ``workers`` processes, as they finish.

    Each worker takes one task at a time and lives for the whole call, so its start-up
    is paid once. Closing the generator early (an exception in the consumer, Ctrl-C)
    kills the workers at once; a normal end lets them exit.

    Args:
        func: A top-level function (pickled by reference).
        tasks: Argument tuples.
        workers: Worker processes.
        preload: Modules ``func`` needs, imported once in the fork server (see
            :func:`prepare`) rather than in every worker.

    Raises:
        WorkerDied: A worker process ended unexpectedly (killed, out of memory).
        TaskFailed: ``func`` raised in a worker.

    """
    todo = iter(tasks)
    # a fresh interpreter (fork server or spawn), never a fork of this process: safe
    # with threads
    ctx = _context(preload)
    # the resource tracker's start unblocks SIGINT and SIGTERM: let it happen before
    # _starting_children blocks them
    resource_tracker.ensure_running()
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
            with _starting_children():
                conns.append(parent_end)
                try:
                    proc.start()
                    procs.append(proc)
                finally:
                    child_end.close()  # only the child holds it now: its death gives us EOF
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
