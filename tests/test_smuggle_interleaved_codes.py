"""Issue 12: smuggled runs the release-level reading did not join (tried from the outside).

- An opaque blob (a pickle of NHS numbers in base64) cut into pieces, one a file over 45
  files or between other labels of one column: only text was looked for there; now opaque
  data is review (SDC605) like a split blob in adjacent cells.
- Character codes between other numbers: every second or third number of a count column,
  between counts of four digits, or two a file over many files.
- A column of character codes spelling a list of NHS numbers, one a line (no delimiter):
  three tokens in a row of one length.

Counts in a narrow band around 48..57 (every number a digit character) raise nothing: their
runs of digits have lengths that vary.
"""

from __future__ import annotations

import base64
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.test_smuggle_insider import PATIENTS, _release
from tests.test_smuggle_release_blobs import _hidden, _write_csv
from tests.test_smuggling_files import findings, run_check

CODES = [ord(c) for c in PATIENTS]
COUNTS = np.random.default_rng(1).poisson(40, len(CODES)).tolist()


def _pieces() -> list[str]:
    data = pickle.dumps([(9434765919 + i, 30 + i) for i in range(60)], protocol=4)
    encoded = base64.b64encode(data).decode()
    return [encoded[i:i + 20] for i in range(0, len(encoded), 20)]


def test_an_opaque_blob_one_piece_a_file_is_review(tmp_path: Path) -> None:
    pieces = _pieces()
    files = {f"p{i + 1}.csv": _write_csv(pd.DataFrame({"grp": ["a"], "n": [12 + i],
                                                       "ref": [piece]}))
             for i, piece in enumerate(pieces)}
    report = run_check(_release(tmp_path, files))
    [(path, cell, message)] = _hidden(report)
    assert (path, cell) == ("p1.csv", "C2")
    # the last piece (four characters) is not surely a piece: the run ends one file early
    n = len(pieces) - 1
    assert message == (
        f"encoded data: cells p1.csv C2 to p{n}.csv C2 ({n} cells over {n} files) hold "
        f"{sum(map(len, pieces[:n])):,} characters of base64 or hex that, joined with the "
        "cells between them skipped, decode to data sdc cannot read; a person must check them")
    assert report["status"] == "review"


def test_an_opaque_blob_between_other_labels_is_review(tmp_path: Path) -> None:
    pieces = _pieces()
    frame = pd.DataFrame({"ref": [x for piece in pieces for x in (piece, "North")]})
    report = run_check(_release(tmp_path, {"t.csv": _write_csv(frame)}))
    assert [(p, c, m.split(":")[0]) for p, c, m in _hidden(report)] == [
        ("t.csv", "A2", "encoded data")]


def _column(values: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"grp": [f"g{i}" for i in range(len(values))], "n": values})


@pytest.mark.parametrize(("layout", "values", "first", "every"), [
    ("every second", [x for c, k in zip(CODES, COUNTS, strict=True) for x in (c, k)], "B2",
     " (every second cell)"),
    ("every third", [x for c, k in zip(CODES, COUNTS, strict=True) for x in (k, c, k + 1)],
     "B3", " (every third cell)"),
    ("between large counts", [x for c, k in zip(CODES, COUNTS, strict=True)
                              for x in (c, 1000 + k)], "B2", ""),
])
def test_character_codes_between_other_numbers_are_read(tmp_path: Path, layout: str,
                                                        values: list[int], first: str,
                                                        every: str) -> None:
    report = run_check(_release(tmp_path, {"t.csv": _write_csv(_column(values))}))
    [(path, cell, message)] = _hidden(report)
    assert (path, cell) == ("t.csv", first)
    assert message.startswith(f"character codes: cells {first} to ")
    assert message.endswith(f"read as character codes, spell text{every} no reader of the "
                            "table sees")
    assert any(rule == "SDC604" and "decoded" in where
               for rule, where, _ in findings(report, {"SDC604"}))
    assert report["status"] == "fail"


def test_character_codes_two_a_file_are_read_over_the_files(tmp_path: Path) -> None:
    pairs = [CODES[i:i + 2] for i in range(0, len(CODES), 2)]
    files = {f"t{i}.csv": _write_csv(pd.DataFrame({"grp": ["a", "b"][:len(pair)], "n": pair}))
             for i, pair in enumerate(pairs)}
    report = run_check(_release(tmp_path, files))
    [(path, cell, message)] = _hidden(report)
    assert (path, cell) == ("t0.csv", "B2")
    assert f"({len(CODES)} cells over {len(pairs)} files)" in message
    assert report["status"] == "fail"


def test_a_list_of_nhs_numbers_as_character_codes_is_read(tmp_path: Path) -> None:
    listing = "".join(f"{9434765919 + 11 * i}\n" for i in range(6))
    report = run_check(_release(tmp_path, {"t.csv": _write_csv(_column(
        [ord(c) for c in listing]))}))
    assert [m.split(":")[0] for _, _, m in _hidden(report)] == ["character codes"]


def test_counts_in_a_narrow_band_of_digit_codes_raise_nothing(tmp_path: Path) -> None:
    """Every count between 44 and 60 reads as a digit or a separator: runs of digits, but of
    lengths that vary, and no words."""
    rng = np.random.default_rng(7)
    files = {f"band{k}.csv": _write_csv(pd.DataFrame(
        np.clip(np.round(rng.normal(52, 3, size=(60, 3))), 0, None).astype(int),
        columns=["a", "b", "c"])) for k in range(8)}
    assert _hidden(run_check(_release(tmp_path, files))) == []
