"""Round 35 (hunt35): a table that hides cells beside a file sdc read nothing from.

hunt32's pair (``tests/test_hunt32_linked_only_modes.py``): ``a.csv`` hides North and South;
``b`` hides North and East, so its printed South gives North/F (4) back. When ``b`` is a
file sdc cannot read at all (a NUL byte, UTF-32, gzipped, a corrupt workbook), ``b`` was
``review``/``fail`` but nothing of it reached the audit, and ``a.csv`` passed alone. Now
``a.csv`` is ``review``: SDC501 says its hidden cells were audited without ``b``. Twins: the
same table beside a file sdc reads (a text note, a valid chart), beside an empty file or a
header alone, and a table that hides nothing beside the unread file, stay as they were."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pandas as pd
import pytest

import sdc.pool as pool
import sdc.stream_read as stream_read
from tests.test_hunt32_linked_only_modes import _table
from tests.test_hunt35_link_spellings import checked

CSV = _table([0, 2]).to_csv().encode()


def _workbook_cut() -> bytes:
    data = io.BytesIO()
    _table([0, 2]).to_excel(data)
    return data.getvalue()[:200]


UNREAD = {
    "nul": ("b.csv", CSV.replace(b"West", b"We\x00st"), "review"),
    "utf-32": ("b.csv", _table([0, 2]).to_csv().encode("utf-32"), "review"),
    "gzip": ("b.csv.gz", gzip.compress(CSV), "fail"),  # SDC601: no such extension
    "corrupt workbook": ("b.xlsx", _workbook_cut(), "review"),
}


def _found(root: Path, jobs: int) -> tuple[str, dict[str, str], list[tuple[str, str, str, str]]]:
    report, statuses = checked(root, jobs)
    found = [(o["path"], f["rule"], f["status"], f.get("message", ""))
             for o in report["outputs"] for f in o.get("findings", []) if o["path"] == "a.csv"]
    return report["status"], statuses, found


@pytest.mark.parametrize("streamed", [False, True])
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("kind", list(UNREAD))
def test_a_table_beside_an_unread_file_is_review(tmp_path: Path, kind: str, jobs: int,
                                                 streamed: bool,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)  # -j 2 reads in a worker
    monkeypatch.setattr(stream_read, "MIN_BYTES", 0 if streamed else 10 ** 15)
    name, data, its_status = UNREAD[kind]
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    (tmp_path / name).write_bytes(data)
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, statuses) == (its_status, {"a.csv": "review", name: its_status})
    assert [(p, r, s) for p, r, s, _ in found] == [("a.csv", "SDC501", "review")]
    assert f"audited without {name}, which sdc could not read" in found[0][3]


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_unread_file_is_named(tmp_path: Path, jobs: int,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    for kind in ("nul", "corrupt workbook"):
        name, data, _ = UNREAD[kind]
        (tmp_path / name).write_bytes(data)
    _, statuses, found = _found(tmp_path, jobs)
    assert statuses["a.csv"] == "review"
    assert [m for _, _, _, m in found] == [
        "its suppressed cells were audited without b.csv, b.xlsx, which sdc could not read: "
        "if that prints this table's cells or margins, it may give the suppressed cells back; "
        "a person must compare them"]


def _valid_png() -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(data, format="PNG")
    return data.getvalue()


TWINS = {
    "a note": ("notes.txt", b"The counts by region and sex are in a.csv.\n"),
    "an empty file": ("b.csv", b""),
    "a header alone": ("b.csv", b"region,F,M,Total\n"),  # no data row: nothing to audit
    "a readable table": ("b.csv", _table([0, 1]).to_csv().encode()),  # the same rectangle
}


@pytest.mark.parametrize("twin", list(TWINS))
def test_a_table_beside_a_file_sdc_reads_passes(tmp_path: Path, twin: str) -> None:
    name, data = TWINS[twin]
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    (tmp_path / name).write_bytes(data)
    _, statuses, found = _found(tmp_path, 1)
    assert (statuses["a.csv"], found) == ("pass", [])


def test_a_table_beside_a_chart_passes(tmp_path: Path) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    (tmp_path / "chart.png").write_bytes(_valid_png())
    _, statuses, found = _found(tmp_path, 1)
    assert (statuses["a.csv"], found) == ("pass", [])


def test_a_table_hiding_nothing_beside_an_unread_file_passes(tmp_path: Path) -> None:
    name, data, its_status = UNREAD["nul"]
    pd.DataFrame({"F": [40, 51], "M": [59, 33]}, index=["North", "South"]).to_csv(
        tmp_path / "a.csv")
    (tmp_path / name).write_bytes(data)
    status, statuses, found = _found(tmp_path, 1)
    assert (status, statuses, found) == (its_status, {"a.csv": "pass", name: its_status}, [])
