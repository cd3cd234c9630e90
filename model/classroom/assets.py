"""The page's front-end files, served by its own server: no request leaves the machine.

solara-assets installs Solara's front-end files into ``<venv>/share/solara/cdn``, where
the server looks before it would fetch from the public CDN. The charts ask for
``vega@5``, ``vega-lite@5`` and ``vega-embed@6`` (major versions); solara-assets ships
exact versions (``vega@5.21.0``, ...), so this module links each major version to the
newest exact one present. ``make`` runs it when it installs the environment; the page
runs it again at start (it does nothing when the links exist).

Run ``python -m model.classroom.assets`` to create the links and list them.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: Package -> major version the charts ask for.
MAJORS: dict[str, str] = {"vega": "5", "vega-lite": "5", "vega-embed": "6"}


def cdn_dir() -> Path:
    """Where the server looks for front-end files before asking the public CDN."""
    try:
        import solara.server.settings as settings

        return Path(settings.assets.proxy_cache_dir)
    except ImportError:  # the page's extras are not installed
        return Path(sys.prefix) / "share" / "solara" / "cdn"


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", name.split("@", 1)[1]))


def ensure_links(root: Path | None = None) -> dict[str, str]:
    """Link ``<package>@<major>`` to the newest ``<package>@<major>.x.y`` in the CDN folder.

    Args:
        root: The folder (default :func:`cdn_dir`).

    Returns:
        Link name -> target for every link that exists afterwards.

    Raises:
        FileNotFoundError: If a package's files are missing (solara-assets not installed).

    """
    root = root or cdn_dir()
    out = {}
    for package, major in MAJORS.items():
        link = root / f"{package}@{major}"
        found = sorted(
            (p for p in root.glob(f"{package}@{major}.*") if p.is_dir() and not p.is_symlink()),
            key=lambda p: _version_key(p.name),
        )
        if not found:
            raise FileNotFoundError(
                f"{root / (package + '@' + major + '.*')} not found: install the page's "
                "extras (pip install -e '.[app]'), which bring solara-assets."
            )
        target = found[-1].name
        if link.is_symlink() and link.readlink().name != target:
            link.unlink()
        if not link.exists():
            link.symlink_to(target, target_is_directory=True)
        out[link.name] = target
    return out


def main() -> None:
    """Create the links and print them."""
    for name, target in ensure_links().items():
        print(f"{cdn_dir() / name} -> {target}")


if __name__ == "__main__":
    main()
