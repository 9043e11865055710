"""Issue 12: a patient list encoded as base64 or hex and split over adjacent cells.

One cell holding the blob was already decoded (tests/test_smuggle_insider.py). Here the insider
cuts it into pieces under the single-cell threshold and lays them down a column, along a row,
under a header, or over the sheets of a workbook; each must be joined, decoded and checked.
Ordinary tables (codes, years, counts, hashes) must give no finding.
"""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import pandas as pd
import pytest

from tests.test_smuggle_insider import PATIENTS, SAFE, _release
from tests.test_smuggling_files import findings, run_check

B64 = base64.b64encode(PATIENTS.encode()).decode()
HEX = PATIENTS.encode().hex()
GZ = base64.b64encode(gzip.compress(PATIENTS.encode(), mtime=0)).decode()

PLACES = [
    "BarkingDagenham", "Barnet", "Bexley", "Brent", "Bromley", "Camden", "Croydon", "Ealing",
    "Enfield", "Greenwich", "Hackney", "HammersmithFulham", "Haringey", "Harrow", "Havering",
    "Hillingdon", "Hounslow", "Islington", "KensingtonChelsea", "KingstonThames", "Lambeth",
    "Lewisham", "Merton", "Newham", "Redbridge",
]


def _pieces(blob: str, size: int = 20) -> list[str]:
    return [blob[i:i + size] for i in range(0, len(blob), size)]


def _hidden(report: dict) -> list[tuple[str, str | None, str]]:
    return [(f["location"]["path"] + (f"[{f['location']['sheet']}]"
                                      if f["location"]["sheet"] else ""),
             f["location"]["cell"], f["message"])
            for o in report["outputs"] for f in o["findings"] if f["rule"] == "SDC605"]


@pytest.mark.parametrize("blob", [B64, HEX, GZ], ids=["base64", "hex", "gzip-base64"])
def test_a_blob_split_down_a_column_is_joined_and_checked(tmp_path: Path, blob: str) -> None:
    pieces = _pieces(blob)
    csv = "grp,n,note\n" + "".join(f"g{i},{12 + i},{p}\n" for i, p in enumerate(pieces))
    report = run_check(_release(tmp_path, {"t.csv": csv}))
    last = f"C{len(pieces) + 1}"
    assert _hidden(report) == [(
        "t.csv", "C2",
        f"encoded text: cells C2 to {last} hold {len(blob):,} characters of base64 or hex "
        f"split over {len(pieces)} cells that, joined, decode to text no reader of the table "
        "sees")]
    assert ("SDC604", f"t.csv[cells C2 to {last} joined and decoded]", "A2") in findings(
        report, {"SDC604"})
    assert report["status"] == "fail"


def test_a_blob_split_along_a_row_under_a_header_is_joined(tmp_path: Path) -> None:
    """The first piece is a heading ("payload", not part of the blob): dropped and retried."""
    pieces = _pieces(B64, 16)
    csv = SAFE + ",".join(["payload", *pieces]) + "\n"
    report = run_check(_release(tmp_path, {"t.csv": csv}))
    assert [(w, c) for w, c, _ in _hidden(report)] == [("t.csv", "B5")]
    assert ("SDC604", "t.csv", "A2") not in findings(report, {"SDC604"})
    assert any(w.startswith("t.csv[cells B5 to ") for _, w, _ in findings(report, {"SDC604"}))
    assert report["status"] == "fail"


def test_a_blob_split_over_the_titles_of_sheets_is_joined(tmp_path: Path) -> None:
    """Each sheet's title holds a piece too short to decode alone; the titles in sheet order
    are one run."""
    blob = base64.b64encode(PATIENTS.splitlines(keepends=True)[1].encode() * 2).decode()
    pieces = _pieces(blob, 20)

    def write(path: Path) -> None:
        with pd.ExcelWriter(path) as writer:
            for i, piece in enumerate(pieces):
                pd.DataFrame({"grp": ["a", "b"], "n": [12, 25]}).to_excel(
                    writer, sheet_name=f"s{i}", index=False, startrow=2)
                writer.sheets[f"s{i}"]["A1"] = piece

    report = run_check(_release(tmp_path, {"t.xlsx": write}))
    assert _hidden(report) == [(
        "t.xlsx[s0]", "A1",
        f"encoded text: cells A1 to A1 (across sheets) hold {len(blob):,} characters of "
        f"base64 or hex split over {len(pieces)} cells that, joined, decode to text no reader "
        "of the table sees")]
    assert report["status"] == "fail"


def test_an_opaque_blob_split_over_cells_is_review(tmp_path: Path) -> None:
    """The guess that a joined run is text is wrong (encrypted bytes): still review."""
    blob = base64.b64encode(bytes(range(256)) * 2).decode()
    pieces = _pieces(blob, 20)
    csv = "grp,n,note\n" + "".join(f"g{i},{12 + i},{p}\n" for i, p in enumerate(pieces))
    report = run_check(_release(tmp_path, {"t.csv": csv}))
    assert [(w, c, m.split(":")[0]) for w, c, m in _hidden(report)] == [
        ("t.csv", "C2", "encoded data")]
    assert report["status"] == "review"


def test_ordinary_tables_are_not_taken_for_split_blobs(tmp_path: Path) -> None:
    import hashlib

    digest = hashlib.sha256(b"x").hexdigest()
    codes = "".join(f"E0900{i:04d},Borough{i},{1000 + 37 * i}\n" for i in range(40))
    places = "".join(f"{p}2021,{12 + i}\n" for i, p in enumerate(
        PLACES))
    years = "region," + ",".join(str(y) for y in range(2020, 2032)) + "\n"
    years += "".join(f"r{i}," + ",".join(str(20 + i + j) for j in range(12)) + "\n"
                     for i in range(5))
    hashes = "grp,n,checksum\n" + "".join(f"g{i},{12 + i},{digest}\n" for i in range(10))
    report = run_check(_release(tmp_path, {"codes.csv": "code,area,n\n" + codes,
                                           "places.csv": "place,n\n" + places,
                                           "years.csv": years, "hashes.csv": hashes}))
    assert findings(report, {"SDC605"}) == set()
