"""Provenance of results: parameters, seeds, package versions and the git commit."""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("mesa", "numpy", "pandas", "matplotlib", "networkx", "scipy", "pyarrow")


def package_versions(names: tuple[str, ...] = PACKAGES) -> dict[str, str]:
    """Installed versions of the packages results depend on (plus Python)."""
    out = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit(root: Path | None = None) -> str:
    """The current git commit, with ``-dirty`` if the work tree has changes."""
    root = root or Path(__file__).resolve().parent.parent
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return sha + ("-dirty" if dirty else "")


def provenance(params: dict[str, Any], seeds: list[int], **extra: Any) -> dict[str, Any]:
    """A JSON-ready record of how a result was made.

    Args:
        params: Every parameter value by flat name.
        seeds: The seeds of the runs.
        **extra: Anything else worth recording (periods, spec hash, ...).

    Returns:
        A dictionary with ``parameters``, ``seeds``, ``packages``, ``git_commit``,
        ``platform`` and the extra fields.

    """
    return {
        "parameters": params,
        "seeds": list(seeds),
        "packages": package_versions(),
        "git_commit": git_commit(),
        "platform": platform.platform(),
        **extra,
    }
