"""Reading a spec file: the file itself and its TOML, before anything else is imported.

Kept apart from :mod:`experiments.spec` (which imports the model, pydantic and numpy:
about a second) so that ``python -m model experiment`` and ``experiments.run`` can
refuse a missing, unreadable or malformed spec file before they start the worker
processes' fork server (which imports the model too: about 1.2 CPU seconds wasted on a
typo otherwise). The spec's content is validated by :func:`experiments.spec.load_spec`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

#: A spec is a short text file; anything larger is a mistake (a data file, a device).
MAX_SPEC_BYTES = 1_000_000


class SpecError(ValueError):
    """An experiment spec that cannot be used; the message is one line."""


def read_toml(path: str | Path) -> dict[str, Any]:
    """The spec file's TOML table, or SpecError: missing, not a file, too large, not
    UTF-8, not valid TOML (one line naming the file).
    """
    path = Path(path)
    try:
        data = tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path}: not valid TOML: {exc}") from None
    return data


def _read_text(path: Path) -> str:
    """The spec file's text, or SpecError: missing, not a file, too large, not UTF-8."""
    try:
        problem = _not_readable(path)
        data = b"" if problem else path.read_bytes()
    except OSError as exc:
        problem = f"cannot read ({exc.strerror or exc})"
    except ValueError as exc:  # e.g. an embedded NUL byte in the path
        problem = f"not a usable path ({exc})"
    if problem:
        raise SpecError(f"{path}: {problem}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(
            f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}); "
            "save the spec as UTF-8"
        ) from None


def _not_readable(path: Path) -> str | None:
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "is a directory, not a spec file"
    if not path.is_file():
        return "not a regular file"  # a FIFO or a device would block or never end
    size = path.stat().st_size
    if size > MAX_SPEC_BYTES:
        return f"{size:,} bytes; a spec file has at most {MAX_SPEC_BYTES:,}"
    return None
