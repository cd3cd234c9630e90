"""What the project attributes to the Outline is in the Outline; what it cites resolves.

The Outline's English text the project quotes from is shipped as
docs/outline/outline-en.txt (provenance in docs/outline/README.md); its clause index,
docs/outline/clauses.json, is built by docs/outline/build_clauses.py.

Where quotations are looked for:

* the ``clause`` string of every parameter in :data:`model.REGISTRY`;
* every ``.py`` file under model/: docstrings and comments, and in model/presets.py and
  model/app.py (text shown to users) every string literal too;
* docs/*.md (without the generated blocks of docs/ODD.md, whose text comes from
  docs/mechanisms/*.md and the registry and is checked there), docs/mechanisms/*.md,
  README.md, results/README.md;
* the comments of experiments/specs/*.toml.

Markdown code (fenced blocks and inline code spans) is not prose and is skipped.

Which quotations are attributed to the Outline (the rule):

* In a clause string every quoted phrase is the Outline's: straight double quotes, or
  straight single quotes (an opening ``'`` after a space, parenthesis or the start, the
  quote running to the last closing ``'`` before the next ``;``), since clause strings
  exist to name the Outline's words.
* In prose, a phrase in double quotes (straight or curly) is attributed to the Outline
  when an anchor precedes it in the same paragraph within WINDOW characters: a clause id
  (``§V(1)``, ``§II(1)-(4)``, ``§IV``) or the word "Outline" -- unless, between the
  last anchor and the quote, or right after the quote (before the next ``;`` or closing
  bracket), another source is named (an author and year, or one of OTHER_SOURCES), which
  makes the quote that source's. The anchor must be in the quote's sentence (full stops
  inside quotations do not end a sentence; a list item starts a new one). So ``§V(1) ("establish a
  blacklist system ...")`` and ``the Outline's "local credit information system"`` are
  the Outline's; ``Tyler 2006, "Why People Obey the Law"`` is not. Also attributed: a
  quotation of two words or more followed by a clause id (``"..." (§V(1))``, ``the "..."
  of §IV(1)``), if its sentence has no anchor before it (one quoted word before a clause id
  is more often a name, as in ``before "choose" (§V(1))``); in a Markdown table
  row, a quotation after the row's clause id; in docs/mechanisms/*.md, a quotation in the
  **Purpose.** paragraph (it states the Outline's aim in the Outline's words).

What is checked:

* (a) every attributed quotation occurs in the shipped text, after normalising
  whitespace, curly to straight quotes and case; an ellipsis ("..." or "…") splits a
  quotation into parts that must each occur;
* (b) where the anchor is a clause id (or a run of them, e.g. ``§V(2), §V(4)``), the
  quotation occurs within that clause (or one of them), by clauses.json;
* every clause id written anywhere scanned exists in clauses.json (no §V(6));
* clauses.json is what build_clauses.py makes of the shipped text;
* (c) every citation key used in the docs, written pandoc-style in square brackets
  (``[@key]``, ``[@key, p. 3]``, ``[@a; @b]``), has an entry in docs/references.bib;
* (d) no tracked file outside .ci/ (and tests/.ci/) points at the machine's shared
  folders (a relative path into ``shared``, or an absolute path under the work root).

Each test collects every problem and fails once with the whole list, one line each:
``file:line: problem``.
"""

from __future__ import annotations

import ast
import io
import json
import re
import subprocess
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUTLINE_DIR = ROOT / "docs" / "outline"
BIB = ROOT / "docs" / "references.bib"

# how far back (characters) an anchor is looked for; the sentence and paragraph are the
# real bounds, this only caps a run-on paragraph
WINDOW = 1000
# sources other than the Outline that, named after the anchor, take the quotation over
OTHER_SOURCES = (
    "et al",
    "SPC",
    "Supreme People's Court",
    "NDRC",
    "MERICS",
    "China Law Translate",
    "Daum",
    "Creemers",
    "Kostka",
    "Engelmann",
    "Trivium",
    "Sixth Tone",
    "Administrative Penalty Law",
)
CLAUSE_REF = re.compile(r"§(VI|V|IV|III|II|I)(?:\((\d)\)(?:\s*[-–]\s*\((\d)\))?)?(?![A-Za-z0-9])")
# an anchor: a clause id, the word Outline, or the Purpose paragraph of a mechanism's
# documentation (docs/mechanisms/*.md), which states the Outline's aim in its words
ANCHOR = re.compile(CLAUSE_REF.pattern + r"|\bOutline\b|\*\*Purpose\.\*\*")
# a clause id in brackets right after a quotation
ANCHOR_AFTER = re.compile(
    r"\s*(?:[(,]|of|in)\s*(?:the\s+)?(?:Outline\s*,?\s*)?((?:§\S+(?:,\s*|\s+and\s+)?)+)"
)
# another source: an author and a year (Tyler 2006, Gneezy and Rustichini 2000, Engelmann
# et al. 2019), or a named institution or author
AUTHOR_YEAR = r"[A-Z][\w'-]+(?:\s+et\s+al\.?|\s+and\s+[A-Z][\w'-]+)?,?\s+\(?(?:1[89]|20)\d\d\b"
OTHER = re.compile(AUTHOR_YEAR + "|" + "|".join(rf"\b{re.escape(s)}\b" for s in OTHER_SOURCES))
# a run of clause ids: "§V(2), §V(4)", "§I(3) and §V", "§II(1)-(4)"
REF_RUN_SEP = re.compile(r"^(\s*(,|and|or|&)?\s*)$")
DOUBLE_QUOTE = re.compile(r'"((?:[^"\n]|\n(?![ \t]*\n))+?)"|“([^”]+?)”')
# the end of a sentence: a full stop (not of "e.g.", "i.e.", "cf.", "al.", "p.", "No.")
# then space and a capital letter or an opening quote
SENTENCE_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bal)(?<!\bp)(?<!\bNo)[.!?]\)?\s+(?=[A-Z\"“])"
)
# the start of a list item (a new sentence, whatever came before)
LIST_ITEM = re.compile(r"\n[ \t]*(?:[-*]|\d+\.)[ \t]+")
ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…")


@dataclass
class Quote:
    """A quotation attributed to the Outline."""

    where: str  # "file:line"
    text: str
    clauses: list[str]  # clause ids of the anchor; empty if the anchor is "Outline"


@dataclass
class Doc:
    """A stretch of text to scan, with where it starts."""

    path: str
    line: int
    text: str
    kind: str = "prose"  # or "clause"


# --------------------------------------------------------------------------- the Outline


def normalise(s: str) -> str:
    """Lower case, straight quotes, single spaces (the comparison form of quotes and text)."""
    s = s.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return re.sub(r"\s+", " ", s).strip().lower()


OUTLINE_RAW = (OUTLINE_DIR / "outline-en.txt").read_text(encoding="utf-8")
CLAUSES = json.loads((OUTLINE_DIR / "clauses.json").read_text(encoding="utf-8"))
OUTLINE = normalise(OUTLINE_RAW)
# the smallest clauses: sub-sections, and the preamble and part openings before them
LEAVES = {k for k in CLAUSES if "(" in k or k == "preamble"}
CLAUSE_TEXT = {k: normalise(OUTLINE_RAW[v["start"] : v["end"]]) for k, v in CLAUSES.items()}


def expand(m: re.Match) -> list[str]:
    """Clause ids named by one match of CLAUSE_REF (a range gives each of its members)."""
    part, first, last = m.group(1), m.group(2), m.group(3)
    if first is None:
        return [f"§{part}"]
    if last is None:
        return [f"§{part}({first})"]
    return [f"§{part}({k})" for k in range(int(first), int(last) + 1)]


def parts_of(quote: str) -> list[str]:
    """The parts of a quotation between ellipses, normalised, without edge punctuation."""
    out = []
    for part in ELLIPSIS.split(normalise(quote)):
        part = part.strip(" ,;:.!?()[]'\"")
        if part:
            out.append(part)
    return out


# --------------------------------------------------------------------------- what is scanned


def _blank(m: re.Match) -> str:
    """Replace a match by spaces, keeping its line breaks (offsets and lines stay put)."""
    return re.sub(r"[^\n]", " ", m.group(0))


def markdown_docs() -> list[Doc]:
    """Markdown files as prose, code and generated blocks blanked out."""
    paths = [
        *sorted((ROOT / "docs").glob("*.md")),
        *sorted((ROOT / "docs" / "mechanisms").glob("*.md")),
    ]
    paths += [ROOT / "README.md", ROOT / "results" / "README.md"]
    docs = []
    for path in paths:
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        text = re.sub(
            r"<!-- BEGIN GENERATED: (\S+) -->.*?<!-- END GENERATED: \1 -->",
            _blank,
            text,
            flags=re.S,
        )
        text = re.sub(r"^(```|~~~).*?^\1", _blank, text, flags=re.S | re.M)
        text = re.sub(r"`[^`\n]*`", _blank, text)
        docs.append(Doc(str(path.relative_to(ROOT)), 1, text))
    return docs


def toml_docs() -> list[Doc]:
    """Comment blocks of the experiment specs."""
    docs = []
    for path in sorted((ROOT / "experiments" / "specs").glob("*.toml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        block: list[str] = []
        for i, line in enumerate([*lines, ""], 1):
            stripped = line.strip()  # only whole-line comments: the specs have no others
            if stripped.startswith("#"):
                block.append(stripped.lstrip("#").strip())
                continue
            if block:
                docs.append(Doc(str(path.relative_to(ROOT)), i - len(block), "\n".join(block)))
                block = []
    return docs


DOCSTRING_OWNERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def python_docs() -> list[Doc]:
    """Docstrings and comment blocks of model/**/*.py; all strings of presets.py and app.py."""
    docs = []
    for path in sorted((ROOT / "model").rglob("*.py")):
        rel = str(path.relative_to(ROOT))
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        if rel in ("model/presets.py", "model/app.py"):
            # text shown to users: every string literal
            strings = [n for n in ast.walk(tree) if isinstance(n, ast.Constant)]
            for node in strings:
                if isinstance(node.value, str):
                    docs.append(Doc(rel, node.lineno, node.value))
        else:
            owners = [n for n in ast.walk(tree) if isinstance(n, DOCSTRING_OWNERS)]
            for node in owners:
                doc = ast.get_docstring(node, clean=False)
                if doc:
                    docs.append(Doc(rel, node.body[0].lineno, doc))
        block: list[str] = []
        start = 0
        last = -1
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type != tokenize.COMMENT:
                continue
            row = tok.start[0]
            if block and row != last + 1:
                docs.append(Doc(rel, start, "\n".join(block)))
                block = []
            if not block:
                start = row
            block.append(tok.string.lstrip("#").strip())
            last = row
        if block:
            docs.append(Doc(rel, start, "\n".join(block)))
    return docs


def _clause_location(name: str, clause: str) -> tuple[str, int]:
    """File and line of a parameter's clause string (best effort, for the failure list)."""
    prefix = name.split(".", 1)[0] if "." in name else None
    candidates = [ROOT / "model" / "mechanisms" / f"{prefix}.py"] if prefix else []
    candidates += sorted((ROOT / "model").glob("*.py"))
    for path in candidates:
        if not path.exists():
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if clause[:40] in line:
                return str(path.relative_to(ROOT)), i
    return f"model.REGISTRY[{name!r}].clause", 0


def clause_docs() -> list[Doc]:
    """The clause strings of the parameter registry."""
    from model import REGISTRY

    docs = []
    for name, spec in REGISTRY.items():
        path, line = _clause_location(name, spec.clause)
        docs.append(Doc(f"{path} ({name}.clause)", line, spec.clause, kind="clause"))
    return docs


def all_docs() -> list[Doc]:
    """Everything scanned for quotations and clause ids."""
    return markdown_docs() + toml_docs() + python_docs() + clause_docs()


# --------------------------------------------------------------------------- attribution


def _refs_before(text: str, end: int) -> list[str]:
    """Clause ids of the run of clause references that ends last before ``end``."""
    matches = list(CLAUSE_REF.finditer(text, 0, end))
    if not matches:
        return []
    run = [matches[-1]]
    for m in reversed(matches[:-1]):
        gap = text[m.end() : run[0].start()]
        if REF_RUN_SEP.match(gap):
            run.insert(0, m)
        else:
            break
    return [c for m in run for c in expand(m)]


def _single_quotes(segment: str) -> list[tuple[int, str]]:
    """Single-quoted phrases of a clause string segment: (offset, phrase)."""
    opening = re.search(r"(?:^|(?<=[\s(]))'(?=\w)", segment)
    if not opening:
        return []
    closes = [m.start() for m in re.finditer(r"(?<=[\w.])'(?=$|[\s;,.)])", segment)]
    closes = [c for c in closes if c > opening.start()]
    if not closes:
        return []
    return [(opening.start(), segment[opening.end() : closes[-1]])]


def quotes_in(doc: Doc) -> list[Quote]:
    """The quotations in ``doc`` attributed to the Outline."""
    out = []
    text = doc.text

    def where(offset: int) -> str:
        return f"{doc.path}:{doc.line + text.count(chr(10), 0, offset)}"

    if doc.kind == "clause":
        found: list[tuple[int, str]] = []
        for m in DOUBLE_QUOTE.finditer(text):
            found.append((m.start(), m.group(1) or m.group(2)))
        pos = 0
        for segment in text.split(";"):
            if '"' not in segment:
                found += [(pos + o, q) for o, q in _single_quotes(segment)]
            pos += len(segment) + 1
        for offset, quote in sorted(found):
            out.append(Quote(where(offset), quote, _refs_before(text, offset)))
        return out

    # quoted text blanked out, so that neither its full stops nor its words count as
    # sentence ends, anchors or other sources for what follows
    masked = DOUBLE_QUOTE.sub(lambda m: m.group(0)[0] + _blank(m)[1:-1] + m.group(0)[-1], text)
    for m in DOUBLE_QUOTE.finditer(text):
        start = m.start()
        line_start = masked.rfind("\n", 0, start) + 1
        if masked[line_start:].lstrip().startswith("|"):
            # a table row: the row's cells before the quotation (its clause column)
            window = masked[line_start:start]
        else:
            para = max(masked.rfind("\n\n", 0, start), start - WINDOW, 0)
            sentences = list(SENTENCE_END.finditer(masked, para, start))
            sentences += list(LIST_ITEM.finditer(masked, para, start))
            sentences.sort(key=lambda x: x.end())
            window = masked[sentences[-1].end() if sentences else para : start]
        after = masked[m.end() : m.end() + 80]
        after = re.split(r"[;\])]|\n\n|" + SENTENCE_END.pattern, after, maxsplit=1)[0]
        anchors = list(ANCHOR.finditer(window))
        clauses: list[str] = []
        if anchors and not OTHER.search(window[anchors[-1].end() :]):
            if anchors[-1].group(0).startswith("§"):
                clauses = _refs_before(window, len(window))
        elif ANCHOR_AFTER.match(masked, m.end()) and " " in (m.group(1) or m.group(2)).strip():
            # "quotation" (§V(1)) or "quotation" (Outline §V(1))
            ref = ANCHOR_AFTER.match(masked, m.end()).group(1)
            clauses = _refs_before(ref, len(ref))
        else:
            continue
        # a source named right after the quotation ("...", Engelmann et al. 2019) owns it
        if OTHER.search(after):
            continue
        out.append(Quote(where(start), m.group(1) or m.group(2), clauses))
    return out


def attributed_quotes() -> list[Quote]:
    """Every quotation attributed to the Outline in the scanned files."""
    return [q for doc in all_docs() for q in quotes_in(doc)]


# --------------------------------------------------------------------------- the tests


def _report(problems: list[str], what: str) -> str:
    return f"{len(problems)} {what}:\n" + "\n".join(problems)


def test_clause_index_is_built_from_the_shipped_text():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_clauses", OUTLINE_DIR / "build_clauses.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.render() == (OUTLINE_DIR / "clauses.json").read_text(encoding="utf-8"), (
        "docs/outline/clauses.json is stale: run python docs/outline/build_clauses.py"
    )


def test_clause_index_covers_the_outline_in_order():
    subs = {"I": 3, "II": 4, "III": 3, "IV": 5, "V": 5, "VI": 5}
    previous_end = 0
    for part, n in subs.items():
        whole = CLAUSES[f"§{part}"]
        assert whole["start"] == previous_end or part == "I"
        previous_end = whole["end"]
        starts = [CLAUSES[f"§{part}({k})"]["start"] for k in range(1, n + 1)]
        assert starts == sorted(starts) and starts[0] >= whole["start"]
        assert CLAUSES[f"§{part}({n})"]["end"] == whole["end"]
    # spot checks by content: the reward-and-punishment clause and the demonstration areas
    assert "blacklist system and market exit mechanism" in CLAUSE_TEXT["§V(1)"]
    assert "unified social credit code system" in CLAUSE_TEXT["§V(2)"]
    assert "comprehensive demonstration of local credit construction" in CLAUSE_TEXT["§VI(4)"]


def test_every_quotation_attributed_to_the_outline_is_in_the_text():
    problems = []
    for q in attributed_quotes():
        missing = [p for p in parts_of(q.text) if p not in OUTLINE]
        if missing:
            problems.append(f'{q.where}: "{q.text}" not in the Outline (missing: {missing})')
    if problems:
        pytest.fail(
            _report(problems, "quotations attributed to the Outline are not in it"), pytrace=False
        )


def test_quotations_next_to_a_clause_id_are_in_that_clause():
    problems = []
    for q in attributed_quotes():
        known = [c for c in q.clauses if c in CLAUSE_TEXT]
        parts = parts_of(q.text)
        if not known or not parts or any(p not in OUTLINE for p in parts):
            continue  # no clause named, or already reported as missing from the text
        if not any(all(p in CLAUSE_TEXT[c] for p in parts) for c in known):
            actual = sorted(
                {k for k, t in CLAUSE_TEXT.items() if k in LEAVES and all(p in t for p in parts)}
            )
            problems.append(
                f'{q.where}: "{q.text}" cited as {", ".join(q.clauses)}'
                f" but it is in {', '.join(actual)}"
            )
    if problems:
        pytest.fail(_report(problems, "quotations are cited to the wrong clause"), pytrace=False)


def test_every_clause_id_exists():
    problems = []
    for doc in all_docs():
        for m in CLAUSE_REF.finditer(doc.text):
            for c in expand(m):
                if c not in CLAUSES:
                    line = doc.line + doc.text.count("\n", 0, m.start())
                    problems.append(f"{doc.path}:{line}: {c} is not a clause of the Outline")
    if problems:
        pytest.fail(_report(problems, "clause ids do not exist"), pytrace=False)


def bib_keys() -> set[str]:
    """Entry keys of docs/references.bib."""
    text = BIB.read_text(encoding="utf-8")
    return set(re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.M))


def test_every_citation_key_resolves():
    keys = bib_keys()
    problems = []
    for doc in markdown_docs():
        for bracket in re.finditer(r"\[([^\[\]]*@[^\[\]]*)\]", doc.text):
            for key in re.findall(
                r"(?:^|[\s;])-?@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)", bracket.group(1)
            ):
                key = key.rstrip(".:")
                if key not in keys:
                    line = doc.line + doc.text.count("\n", 0, bracket.start())
                    problems.append(
                        f"{doc.path}:{line}: [@{key}] has no entry in docs/references.bib"
                    )
    if problems:
        pytest.fail(_report(problems, "citation keys do not resolve"), pytrace=False)


def test_bibliography_keys_are_unique():
    text = BIB.read_text(encoding="utf-8")
    keys = re.findall(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.M)
    assert len(keys) == len(set(keys)), sorted(k for k in set(keys) if keys.count(k) > 1)


def tracked_files() -> list[Path]:
    """Files in the repository (git's list; every file but .git and .venv without git)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return [ROOT / p for p in out.stdout.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        skip = {".git", ".venv", "__pycache__", ".hypothesis", ".pytest_cache"}
        return [p for p in ROOT.rglob("*") if p.is_file() and not skip & set(p.parts)]


def test_nothing_points_outside_the_repository():
    # built from pieces so that this file does not match its own patterns
    outside = re.compile(r"\.\./" + "shared" + r"|(?<![\w.~-])/" + "work" + r"/")
    exempt = (".ci/", "tests/.ci/")
    problems = []
    for path in tracked_files():
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(exempt) or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for i, line in enumerate(text.splitlines(), 1):
            if outside.search(line):
                problems.append(f"{rel}:{i}: {line.strip()[:120]}")
    if problems:
        pytest.fail(_report(problems, "lines point outside the repository"), pytrace=False)
