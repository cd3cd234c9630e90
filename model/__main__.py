"""``python -m model``: the command line (see :mod:`model.cli`).

Ctrl-C or SIGTERM while the interpreter is still importing must not print a traceback:
the first statement sets a handler that exits with one line (nothing is written yet);
``model.cli.main`` takes over once the command starts working.
"""

import os
import signal


def _exit_at_once(signum: int, frame: object) -> None:
    os.write(2, f"interrupted ({'Ctrl-C' if signum == signal.SIGINT else 'SIGTERM'})\n".encode())
    os._exit(128 + signum)


signal.signal(signal.SIGINT, _exit_at_once)
signal.signal(signal.SIGTERM, _exit_at_once)

from model.cli import main  # noqa: E402

raise SystemExit(main())
