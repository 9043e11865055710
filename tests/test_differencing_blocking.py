"""Issue 14 §1: SDC503 compares only the candidate pairs a value index yields; on random
releases it must give exactly the findings of comparing every pair of cuttings."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.context import CheckContext
from sdc.engine import read_release
from sdc.policy import build_policy
from sdc.rules.differencing import Differencing

BANDINGS = [
    ["<20", "20-39", "40-59", "60+"],
    ["<25", "25-39", "40-64", "65+"],
    ["0-17", "18-64", "65+"],
    ["18-64"],
    ["18-65"],
    ["0-11 months", "1-4", "5-9"],
    ["0-4", "5-9", "10-14"],
    ["<20", "20-29", "30-39", "40+"],
]
COLUMNS = [["n"], ["Female", "Male"], ["Female", "Male", "Total"], ["North", "South"]]


@st.composite
def releases(draw: st.DrawFn) -> dict[str, str]:
    files = {}
    for i in range(draw(st.integers(2, 9))):
        bands = list(draw(st.sampled_from(BANDINGS)))
        if draw(st.booleans()):
            bands.append(draw(st.sampled_from(["Unknown", "Missing", "Total"])))
        cols = draw(st.sampled_from(COLUMNS))
        base = draw(st.integers(0, 40))
        lines = ["age," + ",".join(cols)]
        for band in bands:
            values = [str(base + draw(st.integers(0, 12))) if draw(st.integers(0, 9)) != 0
                      else "[c]" for _ in cols]
            lines.append(f"{band}," + ",".join(values))
        files[f"t{i}.csv"] = "\n".join(lines) + "\n"
    return files


def _findings(outputs, ctx, all_pairs: bool) -> list[tuple]:
    rule = Differencing(Differencing.Params())
    Differencing.all_pairs = all_pairs
    try:
        found = list(rule.check_release(outputs, ctx))
    finally:
        Differencing.all_pairs = False
    return sorted((f.rule, f.location.path, f.location.cell, f.message,
                   tuple(r.display() for r in f.related)) for f in found)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(releases())
def test_candidate_index_finds_what_all_pairs_finds(files: dict[str, str]) -> None:
    policy = build_policy({})
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for name, text in files.items():
            (root / name).write_text(text, encoding="utf-8")
        outputs, _, folder, _ = read_release([root], policy)
        ctx = CheckContext(policy=policy, root=folder)
        blocked = _findings(outputs, ctx, all_pairs=False)
        reference = _findings(outputs, ctx, all_pairs=True)
    assert blocked == reference


def test_the_index_skips_pairs_that_cannot_disclose() -> None:
    """Thirty tables of one banding against thirty of another whose slivers are large: of 900
    pairs only those with the one table that gives a small sliver are candidates."""
    from sdc.rules import differencing

    policy = build_policy({})
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i in range(30):
            (root / f"a{i:02d}.csv").write_text(f"age,n\n<20,{100 + 20 * i}\n20-39,300\n")
            (root / f"b{i:02d}.csv").write_text(f"age,n\n<25,{1000 + 20 * i}\n25-39,5000\n")
        (root / "c.csv").write_text("age,n\n<25,103\n25-39,5000\n")
        outputs, _, folder, _ = read_release([root], policy)
        cuts = differencing.cuttings(outputs)
        a = [c for c in cuts if c.output.path.startswith("a")]
        b = [c for c in cuts if not c.output.path.startswith("a")]
        pairs = differencing.candidate_pairs(a, b, 10)
        # (<25) − (<20) = 103 − 100 = 3 for a00 only; every other difference is 17 or more
        assert [(x.output.path, y.output.path) for x, y in pairs] == [("a00.csv", "c.csv")]
        found = _findings(outputs, CheckContext(policy=policy, root=folder), all_pairs=False)
        assert {(path, cell) for _, path, cell, _, _ in found} == {("c.csv", "B2")}
