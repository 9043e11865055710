"""Round 32 (hunt32): a release disclosive only through linking, read every way.

Two tables of one population, each safe alone (every printed count at least 10, the hidden
cells a rectangle), whose hidden rectangles differ: together the small North/F (4) is pinned.
One is a pandas CSV, the other a workbook (a sheet: sent whole, never taken), with a table
that hides nothing and a broken workbook between them. Whether each table is checked where
it is read (the stream, its systems built in place at ``-j 1`` or packed in a ``-j 2``
worker) or read whole first, the report is the same, byte for byte, and names the recovered
cell (SDC501 ``fail`` at a.csv!B2); the broken file is its own finding (SDC602)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sdc.pool as pool
import sdc.stream_read as stream_read
from sdc.engine import run
from sdc.policy import build_policy

COUNTS = {"F": [4, 51, 36, 20], "M": [59, 33, 15, 25]}
REGIONS = ["North", "South", "East", "West"]


def _table(hidden_rows: list[int], regions: list[str] = REGIONS,
           counts: dict[str, list[int]] = COUNTS) -> pd.DataFrame:
    frame = pd.DataFrame(counts, index=pd.Index(regions, name="region"))
    frame["Total"] = frame.sum(axis=1)
    shown = frame.astype(object)
    for r in hidden_rows:
        shown.iloc[r, 0] = shown.iloc[r, 1] = "*"
    shown.loc["Total"] = frame.sum(axis=0).tolist()
    return shown


def _release(root: Path) -> None:
    _table([0, 1]).to_csv(root / "a.csv")  # North and South hidden
    _table([0, 2]).to_excel(root / "b.xlsx")  # North and East hidden: South printed
    pd.DataFrame({"young": [80, 90], "old": [70, 60]}, index=["x", "y"]).to_csv(root / "c.csv")
    data = io.BytesIO()
    pd.DataFrame({"n": [1]}).to_excel(data)
    (root / "broken.xlsx").write_bytes(data.getvalue()[:200])


def _report(root: Path, jobs: int, streamed: bool) -> tuple[str, dict[str, Any]]:
    result = run([root], build_policy({}), keep_models=False, jobs=jobs).result
    text = json.dumps(result.for_reports().to_dict(with_evidence=True), sort_keys=True)
    return text, json.loads(text)


def test_linked_only_disclosure_is_found_alike_every_way(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _release(tmp_path)
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)  # -j 2 reads in a worker
    taken: list[str] = []
    received = stream_read.ReadStream.received

    def watched(stream: stream_read.ReadStream, output: Any) -> None:
        if stream_read._TAKEN in output.__dict__:
            taken.append(output.path)
        received(stream, output)

    monkeypatch.setattr(stream_read.ReadStream, "received", watched)
    reports = {}
    for streamed in (False, True):
        monkeypatch.setattr(stream_read, "MIN_BYTES", 0 if streamed else 10 ** 15)
        for jobs in (1, 2):
            reports[(jobs, streamed)] = _report(tmp_path, jobs, streamed)
    texts = {text for text, _ in reports.values()}
    assert len(texts) == 1
    assert taken == ["a.csv", "a.csv"]  # streamed at -j 1 and -j 2: checked where read
    _, report = reports[(1, False)]
    found = {(o["path"], f["rule"], f["status"], (f.get("location") or {}).get("cell"))
             for o in report["outputs"] for f in o.get("findings", [])}
    assert ("a.csv", "SDC501", "fail", "B2") in found  # North/F = 4, through b.xlsx's South
    assert any(p == "broken.xlsx" and r == "SDC602" for p, r, _, _ in found)
    statuses = {o["path"]: o["status"] for o in report["outputs"]}
    assert statuses["a.csv"] == "fail" and statuses["c.csv"] == "pass"


def test_the_safe_twin_passes_every_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same hidden rectangle in both tables: nothing pinned, both pass, every way."""
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    _table([0, 1]).to_excel(tmp_path / "b.xlsx")
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    texts = set()
    for streamed in (False, True):
        monkeypatch.setattr(stream_read, "MIN_BYTES", 0 if streamed else 10 ** 15)
        for jobs in (1, 2):
            text, report = _report(tmp_path, jobs, streamed)
            texts.add(text)
            assert report["status"] == "pass", report["status"]
    assert len(texts) == 1
