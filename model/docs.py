"""Keep the generated parts of the documentation true to the code.

``python -m model docs`` rewrites, in docs/ODD.md, the blocks between
``<!-- BEGIN GENERATED: name -->`` and ``<!-- END GENERATED: name -->``:

* ``step-order``: the table of :data:`model.schedule.STEP_ORDER`;
* ``submodels``: one section per mechanism, from docs/mechanisms/<name>.md, each
  followed by its parameter table from the registry;
* ``world-parameters``: the unprefixed parameters;
* ``default-sources``: every parameter whose clause cites docs/sources.md or a key of
  docs/references.bib, with its default and the rows and keys it cites.

``python -m model docs --check`` exits with 1 if any block is out of date (a test runs
it), so the model description cannot drift from the model.
"""

from __future__ import annotations

import re
from pathlib import Path

from model.mechanisms import MECHANISMS
from model.model import REGISTRY
from model.params import Spec
from model.schedule import STEP_ORDER

ROOT = Path(__file__).resolve().parent.parent
ODD = ROOT / "docs" / "ODD.md"
MECH_DOCS = ROOT / "docs" / "mechanisms"


def _param_table(specs: list[Spec]) -> str:
    lines = [
        "| parameter | default | unit | allowed | meaning | Outline clause / source |",
        "|---|---|---|---|---|---|",
    ]
    for s in specs:
        default = repr(s.default) if isinstance(s.default, str) else str(s.default)
        allowed = s.allowed()
        if s.acts_if is not None:  # refused elsewhere (model.interventions.inactive_problem)
            allowed += f"; acts only when `{s.acts_if[0]}` is {s.acts_if[1]}"
        lines.append(f"| `{s.name}` | {default} | {s.unit} | {allowed} | {s.doc} | {s.clause} |")
    return "\n".join(lines)


def step_order_block() -> str:
    """Markdown table of the step order."""
    lines = ["| # | call | what happens |", "|---|---|---|"]
    for i, (mech, method, why) in enumerate(STEP_ORDER, 1):
        lines.append(f"| {i} | `{mech}.{method}` | {why} |")
    return "\n".join(lines)


def submodels_block() -> str:
    """Every mechanism's documentation followed by its parameter table."""
    parts = []
    for name in MECHANISMS:
        path = MECH_DOCS / f"{name}.md"
        text = path.read_text().strip() if path.exists() else f"### `{name}`\n\n(undocumented)"
        specs = [s for n, s in REGISTRY.items() if n.startswith(name + ".")]
        parts.append(f"{text}\n\n**Parameters.**\n\n{_param_table(specs)}")
    return "\n\n".join(parts)


def world_block() -> str:
    """Parameter table of the unprefixed world parameters."""
    return _param_table([s for n, s in REGISTRY.items() if "." not in n])


#: A clause that cites a source: docs/sources.md or a bibliography key.
_CITES = re.compile(r"docs/sources\.md|\[@")
#: Row ids of docs/sources.md (C10, A2-A5, M1-M2) and its sections ("section 2").
_ROW = re.compile(r"\b(?:section \d|[ABCEFGMPR]\d{1,2}(?:-[ABCEFGMPR]?\d{1,2})?)\b")
_KEY = re.compile(r"\[@[^\]]+\]")


def sources_block() -> str:
    """Every parameter whose default cites a source, with the rows and keys it cites."""
    lines = [
        "| parameter | default | docs/sources.md rows, references | clause |",
        "|---|---|---|---|",
    ]
    for name, s in REGISTRY.items():
        if not _CITES.search(s.clause):
            continue
        default = repr(s.default) if isinstance(s.default, str) else str(s.default)
        refs = ", ".join(dict.fromkeys(_ROW.findall(s.clause) + _KEY.findall(s.clause)))
        lines.append(f"| `{name}` | {default} | {refs or '-'} | {s.clause} |")
    return "\n".join(lines)


BLOCKS = {
    "step-order": step_order_block,
    "submodels": submodels_block,
    "world-parameters": world_block,
    "default-sources": sources_block,
}


def render(text: str) -> str:
    """Return ``text`` with every generated block rewritten."""
    for name, make in BLOCKS.items():
        pattern = re.compile(
            rf"(<!-- BEGIN GENERATED: {name} -->)\n(?:.*?\n)?(<!-- END GENERATED: {name} -->)",
            re.S,
        )
        if not pattern.search(text):
            raise ValueError(f"docs/ODD.md lacks the generated block {name!r}")
        body = make()
        text = pattern.sub(lambda m, body=body: m.group(1) + "\n" + body + "\n" + m.group(2), text)
    return text


def update(check: bool = False) -> bool:
    """Rewrite docs/ODD.md (or only check it); return True if it was up to date."""
    old = ODD.read_text()
    new = render(old)
    if check or new == old:
        return new == old
    tmp = ODD.with_name(ODD.name + ".tmp")
    tmp.write_text(new)
    tmp.replace(ODD)
    return False
