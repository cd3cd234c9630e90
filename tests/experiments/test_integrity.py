"""Damaged run files are detected on resume and on load, never used (issue 14, item 1)."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

import experiments
from experiments.runfile import (
    HASH_KEY,
    META_KEY,
    SUMS_NAME,
    file_digest,
    read_digests,
    read_run,
    write_run,
)
from experiments.runner import ResultsError, run_experiment
from experiments.spec import expand_runs, load_spec

VICTIM = "p0001-r00"


@pytest.fixture
def done(tiny_spec, tmp_path):
    """A finished tiny experiment: (spec path, output directory, its loaded table)."""
    out = tmp_path / "out"
    run_experiment(tiny_spec, out, workers=1, progress=False)
    return tiny_spec, out, experiments.load(out)


def _run(spec_path, run_id: str) -> dict:
    return next(r for r in expand_runs(load_spec(spec_path)) if r["run_id"] == run_id)


def _data_page(path, column: str, whole: bool = False) -> tuple[int, int]:
    """Byte range of a column's data page, or with ``whole`` its dictionary page too."""
    meta = pq.ParquetFile(path).metadata
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    chunk = meta.row_group(0).column(names.index(column))
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    return (start if whole else chunk.data_page_offset), start + chunk.total_compressed_size


def _flip(path, pos: int, mask: int = 0x01) -> bytes:
    data = bytearray(path.read_bytes())
    original = bytes(data)
    data[pos] ^= mask
    path.write_bytes(bytes(data))
    return original


def _resume(spec, out) -> tuple[dict, list[str]]:
    messages: list[str] = []
    record = run_experiment(spec, out, workers=1, progress=False, log=messages.append)
    return record, messages


def test_a_flip_inside_a_data_page_is_detected_and_the_run_redone(done):
    spec, out, good = done
    victim = out / "runs" / f"{VICTIM}.parquet"
    begin, end = _data_page(victim, "welfare")
    _flip(victim, begin + (end - begin) * 2 // 3, 0xFF)
    problem = read_run(victim, _run(spec, VICTIM))[1]
    assert problem is not None and problem.startswith("damaged")
    with pytest.raises(ResultsError) as info:
        experiments.load(out)
    assert str(info.value).startswith(f"{victim}: damaged") and "\n" not in str(info.value)
    record, messages = _resume(spec, out)
    assert (record["rerun"], record["ran"], record["skipped"]) == (1, 1, 7)
    assert any(str(victim) in m and "damaged" in m and "re-running" in m for m in messages)
    pd.testing.assert_frame_equal(experiments.load(out), good)


def test_every_byte_of_a_data_pages_values_is_covered(done):
    spec, out, _ = done
    victim = out / "runs" / f"{VICTIM}.parquet"
    run = _run(spec, VICTIM)
    begin, end = _data_page(victim, "honesty_rate")
    original = victim.read_bytes()
    missed = []
    # past the page header (about 20 bytes): the encoded values themselves
    for pos in range(begin + 32, end):
        _flip(victim, pos)
        if read_run(victim, run)[1] is None:
            missed.append(pos)
        victim.write_bytes(original)
    assert missed == []


def test_a_flip_that_still_decodes_is_detected(done):
    spec, out, _ = done
    victim = out / "runs" / f"{VICTIM}.parquet"
    run = _run(spec, VICTIM)
    clean = pq.read_table(victim)["welfare"].to_pylist()
    begin, end = _data_page(victim, "welfare", whole=True)
    original = victim.read_bytes()
    decoding = 0
    for pos in range(begin, end):
        _flip(victim, pos, 0x10)
        try:  # as a reader that does not verify checksums sees it
            values = pq.read_table(victim, page_checksum_verification=False)["welfare"]
        except Exception:  # noqa: BLE001 - this flip breaks decoding: not the case wanted
            values = None
        if values is not None and values.to_pylist() != clean:
            decoding += 1
            problem = read_run(victim, run)[1]
            assert problem is not None and problem.startswith("damaged"), pos
        victim.write_bytes(original)
    assert decoding >= 10  # such flips exist, and each one was caught


def test_edited_values_with_valid_checksums_are_caught_by_the_content_hash(done):
    spec, out, good = done
    victim = out / "runs" / f"{VICTIM}.parquet"
    table = pq.read_table(victim)
    welfare = table["welfare"].to_pylist()
    welfare[2] += 1e-9  # one value, one billionth: what a silent corruption looks like
    edited = table.set_column(table.column_names.index("welfare"), "welfare", [welfare])
    write_run(edited.replace_schema_metadata(table.schema.metadata), victim)
    assert read_run(victim, _run(spec, VICTIM))[1] == (
        "damaged: its content does not match its hash"
    )
    record, _ = _resume(spec, out)
    assert record["rerun"] == 1
    pd.testing.assert_frame_equal(experiments.load(out), good)


def test_edited_metadata_is_caught_by_the_content_hash(done):
    spec, out, _ = done
    victim = out / "runs" / f"{VICTIM}.parquet"
    table = pq.read_table(victim)
    meta = json.loads(table.schema.metadata[META_KEY])
    meta["provenance"]["git_commit"] = "forged"
    new = {**table.schema.metadata, META_KEY: json.dumps(meta).encode()}
    write_run(table.replace_schema_metadata(new), victim)
    assert "does not match its hash" in read_run(victim, _run(spec, VICTIM))[1]


def test_a_file_without_content_hash_is_redone(done):
    spec, out, good = done
    victim = out / "runs" / f"{VICTIM}.parquet"
    table = pq.read_table(victim)
    old = {k: v for k, v in table.schema.metadata.items() if k != HASH_KEY}
    pq.write_table(table.replace_schema_metadata(old), victim)
    assert read_run(victim, _run(spec, VICTIM))[1] == (
        "no content hash (written by an older version)"
    )
    record, _ = _resume(spec, out)
    assert record["rerun"] == 1
    pd.testing.assert_frame_equal(experiments.load(out), good)


def test_run_files_have_page_checksums_and_no_statistics(done):
    _, out, _ = done
    meta = pq.ParquetFile(out / "runs" / f"{VICTIM}.parquet").metadata
    chunk = meta.row_group(0).column(0)
    assert not chunk.is_stats_set  # a damaged statistic could make a query skip rows
    assert HASH_KEY in pq.read_schema(out / "runs" / f"{VICTIM}.parquet").metadata


def test_a_flip_that_changes_nothing_decoded_is_caught_by_the_digest_log(done):
    spec, out, _ = done
    victim = out / "runs" / f"{VICTIM}.parquet"
    run = _run(spec, VICTIM)
    clean = pq.read_table(victim)
    original = victim.read_bytes()
    footer = len(original) - 8 - int.from_bytes(original[-8:-4], "little")
    harmless = []
    for pos in range(footer, len(original) - 8, 53):
        _flip(victim, pos)
        try:
            same = pq.read_table(victim).equals(clean, check_metadata=True)
        except Exception:  # noqa: BLE001 - a flip that breaks reading is not the case wanted
            same = False
        if same:
            harmless.append(pos)
            assert read_run(victim, run)[1] == f"damaged: its bytes do not match runs/{SUMS_NAME}"
        victim.write_bytes(original)
    assert len(harmless) >= 3  # such flips exist (writer name, schema copy, ...): all caught


def test_flips_anywhere_in_the_file_are_detected(done):
    spec, out, _ = done
    victim = out / "runs" / f"{VICTIM}.parquet"
    run = _run(spec, VICTIM)
    original = victim.read_bytes()
    missed = []
    for pos in range(0, len(original), 89):  # a sample over pages, headers and footer
        _flip(victim, pos, 0x04)
        if read_run(victim, run)[1] is None:
            missed.append(pos)
        victim.write_bytes(original)
    assert missed == []


def test_a_file_missing_from_the_digest_log_is_checked_by_content_and_recorded(done):
    spec, out, _ = done
    log = out / "runs" / SUMS_NAME
    victim = out / "runs" / f"{VICTIM}.parquet"
    # as if the runner was killed between renaming the file and appending its line
    lines = [line for line in log.read_text().splitlines() if not line.endswith(victim.name)]
    log.write_text("\n".join(lines) + "\n" + "0123abc")  # and a line cut short
    assert victim.name not in read_digests(out / "runs")
    assert read_run(victim, _run(spec, VICTIM))[1] is None
    record, _ = _resume(spec, out)
    assert (record["ran"], record["skipped"]) == (0, 8)
    assert read_digests(out / "runs")[victim.name] == file_digest(victim)
