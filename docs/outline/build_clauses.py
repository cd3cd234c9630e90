"""Build docs/outline/clauses.json, the clause index of the shipped English Outline.

The index maps each clause id as the project writes it (``§V``, ``§V(1)``, ...) to the
stretch of docs/outline/outline-en.txt that the clause occupies: ``start`` and ``end``
are character offsets into the text decoded as UTF-8 (Python ``str`` indices, end
exclusive), ``first_line`` and ``last_line`` are 1-based line numbers, and ``heading``
is the heading as the translation prints it.

How the stretches are found. The translation keeps the Outline's headings inline:
the six parts start with "I.", "Second,", "III.", "4.", "V." and "6." (the machine
translation numbers them inconsistently), and the sub-sections with "(I)" or "(n)"
followed by a title ending in a full stop and a line break. A part runs from its
heading to the next part's heading; a sub-section from its "(n)" to the next
sub-section or part heading. The text before part I is the ``preamble`` (the State
Council's notice and the Outline's opening paragraph); the last clause, §VI(5), ends
at the last line of English text, before the page's trailing Chinese paragraph and
footer. The script fails loudly if the headings are not found in the expected order,
so a changed text cannot silently produce a wrong index.

Run from the repository root::

    python docs/outline/build_clauses.py          # rewrite clauses.json
    python docs/outline/build_clauses.py --check  # exit 1 if clauses.json is stale
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXT = HERE / "outline-en.txt"
INDEX = HERE / "clauses.json"

# The six parts: (roman numeral used by the project, heading as the translation prints it)
PARTS = [
    ("I", "I. Overall thinking of the construction of social credit system"),
    ("II", "Second, promote the construction of credit in key areas"),
    ("III", "III. Strengthening the Education of Honesty and the Construction of Honesty Culture"),
    ("IV", "4. Accelerating the construction and application of credit information systems"),
    ("V", "V. Improve the operational mechanism of the social credit system with the focus on"),
    ("VI", "6. Establish an implementation support system"),
]
# Number of sub-sections per part, from the Outline's table of contents
SUBSECTIONS = {"I": 3, "II": 4, "III": 3, "IV": 5, "V": 5, "VI": 5}
# A sub-section heading: "(I)" or "(n)", a title, a full stop, the end of the line
SUB_HEADING = re.compile(r"\((I|\d)\) ([^.\n]{3,90})\.\n")
# The last sentence of the English text (end of §VI(5))
LAST_SENTENCE = "major problems in the construction of the social credit system."


def _line(text: str, offset: int) -> int:
    """1-based line number of a character offset."""
    return text.count("\n", 0, offset) + 1


def build(text: str) -> dict[str, dict]:
    """Return the clause index of ``text``."""
    part_starts = []
    for numeral, heading in PARTS:
        pos = text.find(heading)
        if pos < 0 or text.find(heading, pos + 1) >= 0:
            raise SystemExit(f"part heading not found exactly once: {heading!r}")
        part_starts.append((numeral, pos, heading))
    if [p for _, p, _ in part_starts] != sorted(p for _, p, _ in part_starts):
        raise SystemExit("part headings are out of order")
    end_of_text = text.find(LAST_SENTENCE)
    if end_of_text < 0:
        raise SystemExit(f"last sentence not found: {LAST_SENTENCE!r}")
    end_of_text += len(LAST_SENTENCE)
    bounds = [p for _, p, _ in part_starts] + [end_of_text]

    def entry(start: int, end: int, heading: str) -> dict:
        return {
            "start": start,
            "end": end,
            "first_line": _line(text, start),
            "last_line": _line(text, end - 1),
            "heading": heading,
        }

    index = {"preamble": entry(0, bounds[0], "Notice of the State Council ... (opening)")}
    for k, (numeral, start, heading) in enumerate(part_starts):
        end = bounds[k + 1]
        index[f"§{numeral}"] = entry(start, end, heading)
        subs = list(SUB_HEADING.finditer(text, start, end))
        if len(subs) != SUBSECTIONS[numeral]:
            found = [m.group(0).strip() for m in subs]
            raise SystemExit(
                f"part {numeral}: expected {SUBSECTIONS[numeral]} sub-sections, {found}"
            )
        for j, m in enumerate(subs):
            sub_end = subs[j + 1].start() if j + 1 < len(subs) else end
            title = f"({m.group(1)}) {m.group(2)}."
            index[f"§{numeral}({j + 1})"] = entry(m.start(), sub_end, title)
    return index


def render() -> str:
    """The clause index as the JSON text written to clauses.json."""
    text = TEXT.read_text(encoding="utf-8")
    return json.dumps(build(text), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str]) -> int:
    """Write clauses.json, or with ``--check`` report whether it is up to date."""
    new = render()
    if "--check" in argv:
        old = INDEX.read_text(encoding="utf-8") if INDEX.exists() else ""
        if old != new:
            print("docs/outline/clauses.json is stale: run python docs/outline/build_clauses.py")
            return 1
        return 0
    INDEX.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
