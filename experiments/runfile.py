"""One run's Parquet file: written atomically, with a content hash checked on every read.

A run file holds the run's tidy rows and, in its schema metadata, the run's
configuration and provenance (key ``credit_abm``, JSON) and a SHA-256 content hash (key
``credit_abm_sha256``) of that metadata's bytes and of every column's name, type and
decoded values. Two layers catch damage:

* Parquet page checksums (CRC-32, written and verified): a flipped bit inside a data
  page makes the read fail;
* the content hash: whatever still decodes (a flip in the footer, in the metadata, in
  an unchecked header field, or a file rewritten with other values) must hash to the
  stored digest.

Column statistics are not written: nothing would check them, and a damaged minimum or
maximum could make a query engine (DuckDB, pyarrow's filters) skip rows silently.
A third layer covers the bytes no reader decodes (page-header fields, the writer's name,
the footer's redundant copy of the Arrow schema): the runner records the SHA-256 of every
file it writes in ``runs/SHA256SUMS`` (one ``digest  name`` line per write, appended; the
last line of a name counts) and a file whose bytes differ is damaged too. A file with no
line (the runner was killed between renaming the file and appending its line, or the log
was not copied along) is checked by the first two layers, and the runner then records it.

A file that fails any check is *damaged*: the runner re-runs it, :func:`experiments.load`
refuses it in one line naming the file.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

META_KEY = b"credit_abm"
HASH_KEY = b"credit_abm_sha256"
SUMS_NAME = "SHA256SUMS"


def fingerprint(run: dict[str, Any]) -> str:
    """Hash of what determines a run's output: parameters, seed, periods, schedule.

    The git commit is deliberately not part of it: it is recorded per run, and a
    change of code between a kill and a resume shows up as two commits in the manifest.
    A run without scheduled changes has no ``schedule`` key, so its fingerprint is the
    one it had before schedules existed.
    """
    key = {k: run[k] for k in ("params", "seed", "periods", "schedule") if k in run}
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


def content_hash(table: pa.Table, meta: bytes) -> str:
    """SHA-256 of the metadata bytes and every column's name, type and values.

    Numeric columns are hashed as their float64/int64 bytes (NaN payloads included),
    other columns as JSON of their values; null counts are hashed too. The hash does not
    depend on how Parquet chunked or encoded the data, only on what it decodes to.
    """
    h = hashlib.sha256()
    h.update(len(meta).to_bytes(8, "little") + meta)
    h.update(table.num_rows.to_bytes(8, "little"))
    for name, col in zip(table.column_names, table.columns, strict=True):
        h.update(f"{name}\0{col.type}\0{col.null_count}\0".encode())
        if pa.types.is_floating(col.type) or pa.types.is_integer(col.type):
            values = np.ascontiguousarray(col.to_numpy())
            h.update(values.tobytes())
        else:
            h.update(json.dumps(col.to_pylist(), default=str).encode())
    return h.hexdigest()


def seal(table: pa.Table, meta: dict[str, Any]) -> pa.Table:
    """Attach the run's metadata and the content hash to its table."""
    raw = json.dumps(meta, default=str).encode()
    return table.replace_schema_metadata({META_KEY: raw, HASH_KEY: content_hash(table, raw)})


def tmp_name(path: Path) -> Path:
    """The temporary name a writer uses for ``path``: hidden, with the writer's pid."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_atomic(path: Path, write: Any) -> None:
    """Call ``write(tmp)``, then rename ``tmp`` to ``path``; never leave ``tmp`` behind.

    The rename (``os.replace``) is atomic on POSIX file systems: readers see the old
    file or the new one, never a partial one. If writing fails or is interrupted
    (Ctrl-C, SIGTERM), the temporary file is removed before the exception goes on.
    """
    tmp = tmp_name(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_digests(runs_dir: Path) -> dict[str, str]:
    """``runs/SHA256SUMS`` as {file name: digest}; malformed lines (a write cut short by a
    kill) are skipped, and the last line of a name counts.
    """
    try:
        text = (Path(runs_dir) / SUMS_NAME).read_text(errors="replace")
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        digest, _, name = line.partition("  ")
        if len(digest) == 64 and name.endswith(".parquet") and "/" not in name:
            out[name] = digest
    return out


def record_digest(path: Path, digest: str) -> None:
    """Append a file's digest to its directory's ``SHA256SUMS`` (one short write)."""
    record_digests(path.parent, [(path.name, digest)])


def record_digests(runs_dir: Path, entries: list[tuple[str, str]]) -> None:
    """Append ``(file name, digest)`` lines to ``runs_dir/SHA256SUMS`` in one write.

    Only the runner writes this file (workers send it their digests), so appends never
    interleave; a line cut short by a kill is skipped by :func:`read_digests`.
    """
    if not entries:
        return
    with open(Path(runs_dir) / SUMS_NAME, "a+b") as log:
        start = b""
        if log.seek(0, os.SEEK_END) > 0:
            log.seek(-1, os.SEEK_END)
            start = b"" if log.read(1) == b"\n" else b"\n"  # after a line cut short
        log.write(start + "".join(f"{d}  {name}\n" for name, d in entries).encode())


def write_run_file(table: pa.Table, path: Path) -> str:
    """Write a sealed run table atomically (page checksums, no statistics).

    Returns:
        The SHA-256 of the file's bytes, for ``SHA256SUMS`` (:func:`record_digests`).

    """
    digest = []

    def write(tmp: Path) -> None:
        pq.write_table(table, tmp, write_page_checksum=True, write_statistics=False)
        digest.append(file_digest(tmp))

    write_atomic(path, write)
    return digest[0]


def write_run(table: pa.Table, path: Path) -> None:
    """Write a sealed run table atomically (:func:`write_run_file`); log its digest."""
    record_digest(path, write_run_file(table, path))


def read_run(
    path: Path, run: dict[str, Any], digests: dict[str, str] | None = None
) -> tuple[pa.Table | None, str | None]:
    """Read and check a run file.

    Args:
        path: The Parquet file.
        run: The run it should hold (an entry of :func:`experiments.spec.expand_runs`).
        digests: :func:`read_digests` of its directory (read here if not given).

    Returns:
        ``(table, None)`` with the verified table (metadata kept), or ``(None, problem)``
        with the problem in a few words.

    """
    try:
        pf = pq.ParquetFile(path, page_checksum_verification=True)
        md = pf.schema_arrow.metadata or {}
        raw, digest = md.get(META_KEY), md.get(HASH_KEY)
        if raw is None:
            return None, "not a run file of this tool (no run metadata)"
        if digest is None:
            return None, "no content hash (written by an older version)"
        meta = json.loads(raw)
        if not isinstance(meta, dict) or meta.get("fingerprint") != fingerprint(run):
            return None, "made with other parameters, seed or periods"
        table = pf.read()
    except Exception as exc:  # noqa: BLE001 - any failure to read means "not usable"
        first = (str(exc).splitlines() or [""])[0][:100]
        return None, f"damaged: unreadable ({type(exc).__name__}: {first})"
    if table.num_rows != run["periods"]:
        return None, f"{table.num_rows} rows, expected {run['periods']}"
    if content_hash(table, raw) != digest.decode(errors="replace"):
        return None, "damaged: its content does not match its hash"
    recorded = (read_digests(path.parent) if digests is None else digests).get(path.name)
    if recorded is not None and recorded != file_digest(path):
        return None, f"damaged: its bytes do not match runs/{SUMS_NAME}"
    return table, None


def run_metadata(path: str | Path) -> dict[str, Any]:
    """The configuration and provenance stored in one run file's schema metadata."""
    return json.loads(pq.read_schema(path).metadata[META_KEY])
