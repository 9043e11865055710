"""Issue 12: a patient list smuggled across a release, not just within a file's adjacent cells.

The insider spreads base64 pieces over many files (one a file), leaves other cells between
them, writes the list as a column of character codes (``ord``) or of two hex digits, or
encodes a binary format that compresses well. Each is caught at release level
(``sdc.readers.release_blobs``; ``sdc.readers.cell_text._opaque``), and realistic count
tables written with pandas raise nothing.
"""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.test_smuggle_insider import PATIENTS, _release
from tests.test_smuggling_files import findings, run_check

B64 = base64.b64encode(PATIENTS.encode()).decode()
PIECES = [B64[i:i + 20] for i in range(0, len(B64), 20)]


def _hidden(report: dict) -> list[tuple[str, str | None, str]]:
    return [(f["location"]["path"], f["location"]["cell"], f["message"])
            for o in report["outputs"] for f in o["findings"] if f["rule"] == "SDC605"]


def _write_csv(frame: pd.DataFrame):
    return lambda path: frame.to_csv(path, index=False)


def test_pieces_one_a_file_over_many_files_are_joined(tmp_path: Path) -> None:
    """p1.csv ... p23.csv each hold one piece beside an ordinary count: natural name order
    (p2 before p10) joins them."""
    files = {f"p{i + 1}.csv": _write_csv(pd.DataFrame({"grp": ["a"], "n": [12 + i],
                                                       "note": [piece]}))
             for i, piece in enumerate(PIECES)}
    report = run_check(_release(tmp_path, files))
    last = f"p{len(PIECES)}.csv"
    span = f"cells p1.csv C2 to {last} C2 ({len(PIECES)} cells over {len(PIECES)} files)"
    assert _hidden(report) == [(
        "p1.csv", "C2",
        f"encoded text: {span} hold {len(B64):,} characters of base64 or hex that, joined "
        "with the cells between them skipped, decode to text no reader of the table sees")]
    assert ("SDC604", f"p1.csv[{span} decoded]", "A2") in findings(report, {"SDC604"})
    assert report["status"] == "fail"


@pytest.mark.parametrize("narrow", [0, 1, 3])
def test_a_run_is_found_on_its_own_files_beside_narrower_tables(tmp_path: Path,
                                                                  narrow: int) -> None:
    """Tables without the pieces' column sort before them (a2.csv ... have two columns): the
    run is still put on the file it starts in and spans its own files. A column position's
    reading order skips the narrow tables, and its segment number was taken for the table's,
    putting the finding on a2.csv, whose column C does not exist."""
    files = {f"a{k}.csv": _write_csv(pd.DataFrame({"grp": ["x", "y"], "n": [40 + k, 50]}))
             for k in range(narrow)}
    files |= {f"p{i + 1}.csv": _write_csv(pd.DataFrame({"grp": ["a"], "n": [12 + i],
                                                        "note": [piece]}))
              for i, piece in enumerate(PIECES)}
    report = run_check(_release(tmp_path, files))
    n = len(PIECES)
    span = f"cells p1.csv C2 to p{n}.csv C2 ({n} cells over {n} files)"
    assert [(path, cell, message.split(" hold ")[0]) for path, cell, message in _hidden(report)
            ] == [("p1.csv", "C2", f"encoded text: {span}")]
    assert ("SDC604", f"p1.csv[{span} decoded]", "A2") in findings(report, {"SDC604"})


def test_pieces_over_a_workbook_and_a_csv_are_joined(tmp_path: Path) -> None:
    """Pieces of 21 characters: the workbook's half decodes alone (the file's own reading
    flags it), the CSV's half does not (it starts mid-group: opaque data, review); only the
    release joins both and finds the whole list."""
    pieces = [B64[i:i + 21] for i in range(0, len(B64), 21)]
    half = len(pieces) // 2

    def book(path: Path) -> None:
        with pd.ExcelWriter(path) as writer:
            pd.DataFrame({"ref": pieces[:half]}).to_excel(writer, sheet_name="refs", index=False)

    report = run_check(_release(tmp_path, {
        "a.xlsx": book, "b.csv": _write_csv(pd.DataFrame({"ref": pieces[half:]}))}))
    span = (f"cells a.xlsx[refs] A2 to b.csv A{len(pieces) - half + 1} ({len(pieces)} cells "
            "over 2 files)")
    assert [(p, c, m.split(" hold")[0]) for p, c, m in _hidden(report)] == [
        ("a.xlsx", "A2", "encoded text: cells A2 to A12"),
        ("a.xlsx", "A2", f"encoded text: {span}"),
        ("b.csv", "A2", "encoded data: cells A2 to A12")]
    assert ("SDC604", f"a.xlsx[refs: {span} decoded]", "A20") in findings(report, {"SDC604"})
    assert report["status"] == "fail"


@pytest.mark.parametrize("layout", ["column", "checkerboard"])
def test_pieces_interleaved_with_counts_are_joined(tmp_path: Path, layout: str) -> None:
    """Down one column with a count between each two pieces; or along the rows, the piece
    moving between columns B and C (no column or row holds two pieces in a row)."""
    rows = []
    for i, piece in enumerate(PIECES):
        if layout == "column":
            rows += [[f"g{i}", 12 + i, piece], [f"h{i}", 20 + i, 30 + i]]
        else:
            rows.append([f"g{i}", piece, 12 + i] if i % 2 else [f"g{i}", 12 + i, piece])
    frame = pd.DataFrame(rows, columns=["grp", "n", "note"])
    report = run_check(_release(tmp_path, {"t.csv": _write_csv(frame)}))
    [(path, cell, message)] = _hidden(report)
    assert (path, cell) == ("t.csv", "C2")
    last = f"C{2 * len(PIECES)}" if layout == "column" else f"C{len(PIECES) + 1}"
    assert message.startswith(f"encoded text: cells C2 to {last} ({len(PIECES)} cells) hold ")
    assert "joined with the cells between them skipped" in message
    assert report["status"] == "fail"


def test_a_column_of_character_codes_is_read_as_text(tmp_path: Path) -> None:
    frame = pd.DataFrame({"grp": [f"g{i}" for i in range(len(PATIENTS))],
                          "n": [ord(c) for c in PATIENTS]})
    report = run_check(_release(tmp_path, {"t.csv": _write_csv(frame)}))
    last = f"B{len(PATIENTS) + 1}"
    span = f"cells B2 to {last} ({len(PATIENTS)} cells)"
    assert _hidden(report) == [(
        "t.csv", "B2", f"character codes: {span} hold whole numbers that, read as character "
        "codes, spell text no reader of the table sees")]
    assert ("SDC604", f"t.csv[{span} decoded]", "A2") in findings(report, {"SDC604"})
    assert report["status"] == "fail"


def test_a_column_of_two_hex_digits_is_read_as_bytes(tmp_path: Path) -> None:
    data = PATIENTS.encode()
    frame = pd.DataFrame({"grp": [f"g{i}" for i in range(len(data))],
                          "code": [f"{b:02x}" for b in data]})
    report = run_check(_release(tmp_path, {"t.csv": _write_csv(frame)}))
    assert [(p, c, m.split(":")[0]) for p, c, m in _hidden(report)] == [
        ("t.csv", "B2", "encoded text")]
    assert report["status"] == "fail"


def test_counts_that_happen_to_spell_words_are_review_not_fail(tmp_path: Path) -> None:
    """The guess "these numbers are text" can be wrong (counts that by chance spell words):
    then the table asks a person (review) and nothing else changes."""
    sentence = "the mean age was high in every group"
    frame = pd.DataFrame({"grp": [f"g{i}" for i in range(len(sentence))],
                          "n": [ord(c) for c in sentence]})
    report = run_check(_release(tmp_path, {"t.csv": _write_csv(frame)}))
    assert [m.split(":")[0] for _, _, m in _hidden(report)] == ["character codes"]
    assert report["status"] == "review"


def _count_tables(seed: int, how_many: int) -> dict[str, object]:
    """Realistic count tables as pandas writes them: area codes or names by one to four
    count columns, Poisson counts (mean 8 to 130), narrow normal bands (sd 3) or uniform
    32..126 (every number a printable character)."""
    rng = np.random.default_rng(seed)
    files: dict[str, object] = {}
    for k in range(how_many):
        rows, cols, mean = int(rng.integers(16, 80)), int(rng.integers(1, 5)), rng.uniform(8, 130)
        if k % 3 == 0:
            values = rng.poisson(mean, size=(rows, cols))
        elif k % 3 == 1:
            values = np.maximum(0, np.round(rng.normal(mean, 3, size=(rows, cols)))).astype(int)
        else:
            values = rng.integers(32, 127, size=(rows, cols))
        frame = pd.DataFrame(values, columns=[f"n{j}" for j in range(cols)])
        frame.insert(0, "area", [f"E0{9000000 + i}" if k % 2 else f"Area {i}"
                                 for i in range(rows)])
        files[f"t{k}.csv"] = _write_csv(frame)
    return files


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_realistic_count_tables_raise_nothing(tmp_path: Path, seed: int) -> None:
    report = run_check(_release(tmp_path, _count_tables(seed, 12)))
    assert _hidden(report) == []


@pytest.mark.parametrize("blob", ["int16 counts", "pickle"])
def test_an_opaque_split_blob_that_compresses_well_is_review(tmp_path: Path, blob: str) -> None:
    """A repetitive binary format (a numpy array of counts, a pickle of records) in base64
    compresses well, unlike random bytes, but its pieces are not words or codes."""
    import pickle

    data = (np.random.default_rng(1).poisson(4, 400).astype("<i2").tobytes()
            if blob == "int16 counts" else
            pickle.dumps([(9434765919 + i, 30 + i) for i in range(60)], protocol=4))
    encoded = base64.b64encode(data).decode()
    pieces = [encoded[i:i + 20] for i in range(0, len(encoded), 20)]
    frame = pd.DataFrame({"grp": [f"g{i}" for i in range(len(pieces))],
                          "n": [12 + i for i in range(len(pieces))], "ref": pieces})
    report = run_check(_release(tmp_path, {"t.csv": _write_csv(frame)}))
    assert [(p, c, m.split(":")[0]) for p, c, m in _hidden(report)] == [
        ("t.csv", "C2", "encoded data")]
    assert report["status"] == "review"


def test_a_long_list_of_place_codes_and_names_raises_nothing(tmp_path: Path) -> None:
    """Labels compress well too, but they are words and codes: not an opaque blob."""
    names = [f"{w}{i}" for i, w in enumerate(["BarkingDagenham", "KensingtonChelsea",
                                              "HammersmithFulham", "KingstonThames"] * 8)]
    frame = pd.DataFrame({"area": names, "code": [f"E0{9000000 + i}" for i in range(32)],
                          "n": list(range(40, 72))})
    report = run_check(_release(tmp_path, {"t.csv": _write_csv(frame)}))
    assert _hidden(report) == []
