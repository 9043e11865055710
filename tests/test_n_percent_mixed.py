"""Tables mixing numbers and ``n (%)`` columns (``sex, mean age, n (%)``; ``region, N,
died n (%)``) take part in the release rules with their ``n (%)`` counts too
(sdc.n_percent_view): before, only tables of strings alone did, and a margin printed beside a
mean recovered a hidden cell unseen. Files on disk, as researchers write them."""

from __future__ import annotations

from pathlib import Path

import sdc
from sdc.policy import build_policy

POLICY = build_policy({})

# ACRO's crosstab with West/B suppressed and its margins recomputed without it (West 12)
ACRO_CROSSTAB = ("region,A,B,All\nNorth,40,45.0,85\nSouth,50,54.0,104\nWest,12,,12\n"
                 "All,102,99.0,201\n")
CROSSTAB = "region,Female,Male\nNorth,40,45\nSouth,50,54\nWest,[c],12\n"


def _check(folder: Path, files: dict[str, str]) -> sdc.RunResult:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    return sdc.check(folder, POLICY)


def _found(result: sdc.RunResult, rule: str) -> set[tuple[str, str | None, str]]:
    return {(f.location.path, f.location.cell, f.status.value) for f in result.findings
            if f.rule == rule}


def test_a_margin_beside_a_mean_recovers_the_hidden_cell(tmp_path: Path) -> None:
    # Female 94 less North's 40 and South's 50: West/Female is 4 (was: pass), as with the
    # margin printed alone
    mixed = _check(tmp_path / "a", {
        "crosstab.csv": CROSSTAB,
        "sex.csv": "sex,mean age,n (%)\nFemale,45.2,94 (45.9%)\nMale,47.1,111 (54.1%)\n"})
    alone = _check(tmp_path / "b", {
        "crosstab.csv": CROSSTAB, "sex.csv": "sex,n (%)\nFemale,94 (45.9%)\nMale,111 (54.1%)\n"})
    assert _found(mixed, "SDC501") == _found(alone, "SDC501") == {
        ("crosstab.csv", "B4", "review")}
    assert "sex.csv!C2" in next(f for f in mixed.findings if f.rule == "SDC501").message
    assert mixed.status.value == "review"


def test_a_margin_beside_its_own_number_column(tmp_path: Path) -> None:
    # ``sex, N, n (%)``: was pass
    result = _check(tmp_path / "r", {
        "crosstab.csv": CROSSTAB,
        "sex.csv": "sex,N,n (%)\nFemale,94,94 (45.9%)\nMale,111,111 (54.1%)\n"})
    assert _found(result, "SDC501") == {("crosstab.csv", "B4", "review")}


def test_a_true_total_beside_recomputed_margins(tmp_path: Path) -> None:
    # West 16 here, 12 in ACRO's crosstab: the 4 hidden units (was: no SDC503)
    result = _check(tmp_path / "r", {
        "crosstab.csv": ACRO_CROSSTAB,
        "table1.csv": "region,mean age,n (%)\nNorth,45.2,85 (41.5%)\nSouth,47.1,104 (50.7%)\n"
                      "West,44.0,16 (7.8%)\n"})
    assert _found(result, "SDC503") == {("table1.csv", "C4", "fail")}
    west = next(f for f in result.findings if f.rule == "SDC503")
    assert "16 here against 12 there" in west.message
    assert "16" not in (west.public_message or "")


def test_a_mixed_table_1_beside_the_crosstab_it_agrees_with(tmp_path: Path) -> None:
    result = _check(tmp_path / "r", {
        "crosstab.csv": "region,Alive,Died,All\nNorth,65,20,85\nSouth,79,25,104\n"
                        "West,18,12,30\nAll,162,57,219\n",
        "table1.csv": "region,N,died n (%)\nNorth,85,20 (23.5%)\nSouth,104,25 (24.0%)\n"
                      "West,30,12 (40.0%)\n"})
    assert result.findings == []
    assert [o.status.value for o in result.outputs] == ["pass", "pass"]
