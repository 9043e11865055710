"""Round 33 (acro33): ACRO 1.0.2 sessions with a researcher's bookkeeping before ``finalise``
(``acro_sweep33.py``: round 32's random tables, models and pictures, then ``custom_output`` of a
count table made by hand and of its chart, ``add_comments``, ``add_exception``,
``rename_output``, ``remove_output``), each table also saved by pandas alone five ways
(``to_csv``, ``to_csv(index=False)``, ``to_excel``, ``to_markdown``, ``to_html``), recorded (CI
replays them) and checked as ``benchmarks/acro_agreement33.py`` checks seeds 33001-33040:

* in ACRO's folder (renamed outputs, comments and exception requests, ACRO's own
  ``session_summary`` files) every cell ACRO flagged is named at its cell;
* alone, in every style, no output ACRO flagged passes and every flagged cell the style shows
  is named (at the cell or for the table);
* a custom output ACRO never checks (``review`` always) is judged on its content: the count
  table made by hand fails in ACRO's folder and alone where it is small (seed 33010) and
  passes where it is not (33033);
* a missing column key (``sex`` NaN) in a pivot table's header: pandas writes ``nan`` there,
  ACRO's outcome a bare ``nan`` (seed 33033's ``table_14``): its flags were the table's only.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sdc
from benchmarks.acro_agreement33 import STYLES, custom, in_style, plain_outputs
from tests import acro_recordings
from tests.parity.test_acro_sweep import POLICY, named_in_folder

SWEEP = Path(__file__).with_name("acro_sweep33.py")
SEEDS = ["33010", "33033"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any]]:
    root = tmp_path_factory.mktemp("acro-sweep33")
    acro_recordings.run(SWEEP, [str(root), *SEEDS], root, timeout=300)
    return {seed: (root / f"s33-{seed}", json.loads(
        (root / f"s33-{seed}.expected.json").read_text(encoding="utf-8")))
        for seed in SEEDS}


def _checked(expected: dict[str, Any]) -> dict[str, Any]:
    return {u: e for u, e in expected.items() if e["type"] != "custom"}


@pytest.mark.parametrize("seed", SEEDS)
def test_every_cell_acro_flagged_is_named_at_its_cell(seed: str, folders) -> None:
    folder, expected = folders[seed]
    assert any(not u.startswith("output_") for u in expected)  # renamed outputs are there
    assert named_in_folder(folder, _checked(expected), seed)["cell: named"] > 300


@pytest.mark.parametrize("seed", SEEDS)
def test_nothing_acro_flagged_passes_alone(seed: str, folders) -> None:
    from benchmarks.acro_agreement27 import compare

    folder, expected = folders[seed]
    result = sdc.check(Path(f"{folder}-plain"), POLICY)
    checked = _checked(expected)
    for style in STYLES:
        tally: collections.Counter[str] = collections.Counter()
        wrong: list[str] = []
        compare(plain_outputs(checked, style), in_style(checked, style, tally), result,
                tally, wrong, [], f"{seed} {style}")
        assert wrong == [], style
        assert tally["cell: named"] > 100, style
        assert tally["table: ACRO fail / sdc pass"] == 0, style


@pytest.mark.parametrize("seed", SEEDS)
def test_a_custom_table_made_by_hand_is_judged_on_its_content(seed: str, folders) -> None:
    from benchmarks.acro_agreement27 import _by_output

    folder, expected = folders[seed]
    mine = {u: e for u, e in expected.items() if e["type"] == "custom"}
    assert mine and {e["status"] for e in mine.values()} == {"review"}  # ACRO checks nothing
    truth = {e["truth"] for e in mine.values()}
    assert truth == {"disclosive" if seed == "33010" else "safe"}
    for where, result, prefix in (("acro", sdc.check(folder, POLICY), ""),
                                  ("alone", sdc.check(Path(f"{folder}-plain"), POLICY), "-")):
        keys = {u: [(f"{u}{prefix}{n}" if prefix else n, None) for n in e["files"]]
                for u, e in mine.items()}
        tally: collections.Counter[str] = collections.Counter()
        wrong: list[str] = []
        custom(expected, result, keys, tally, wrong, where)
        assert wrong == [], where
        worst, _ = _by_output(result)
        shown = {name.rsplit(".", 1)[1]: worst[(name, None)] for k in keys.values()
                 for name, _ in k}
        # its small counts fail, named at their cells; the safe table's do not (33033's
        # sex x grp is SDC101 review: 73 less 67 leaves 6 if g1 were a subgroup of g2)
        assert (shown.pop("csv") == "fail") == (truth == {"disclosive"}), where
        assert set(shown.values()) <= {"review"}, where  # a picture of them: a person looks


def test_flags_under_a_missing_column_key_are_named_at_their_cells(folders) -> None:
    # pivot_table(index=[area, band], columns=[sex, grp], aggfunc=["std", "median"]) with a
    # missing sex: the header reads "nan", ACRO's outcome "('std', nan, 'g1')"; the 70 flags
    # there were SDC101/SDC102 for the table as a whole
    folder, expected = folders["33033"]
    flags = {c["ref"] for c in expected["table_14"]["cells"]
             if c["check"] == "MinimumThresholdCheck" and not c["blank"]}
    assert {"G5", "N5"} <= flags
    header = (folder / "table_14_0.csv").read_text().splitlines()[1].split(",")
    assert header[6] == header[13] == "nan"
    result = sdc.check(folder, POLICY)
    named = {f.location.cell for f in result.findings
             if f.location.path == "table_14_0.csv" and f.status.value == "fail"}
    assert {"G5", "N5"} <= named


# the cases the sweep found, without ACRO, on files written here


def _found(path: Path) -> set[tuple[str, str | None, str]]:
    return {(f.rule, f.location.cell, f.status.value) for f in sdc.check(path, POLICY).findings
            if f.status.value != "pass"}


def test_a_median_saved_without_its_labels_takes_the_count_on_its_line(
        tmp_path: Path) -> None:
    # pivot_table(aggfunc=["median", "count"]).to_csv(index=False): with no label column
    # every cell's coordinates were the same, and the median of 6 took the first count (209)
    table = pd.DataFrame({("median", "pay"): [16481.0, 17200.0, 16131.5],
                          ("count", "pay"): [209, 6, 178]},
                         index=pd.Index(["East", "Isle", "North"], name="area"))
    table.to_csv(tmp_path / "t.csv", index=False)
    assert (tmp_path / "t.csv").read_text().splitlines()[3] == "17200.0,6"
    found = _found(tmp_path / "t.csv")
    assert {(r, c) for r, c, _ in found} == {("SDC101", "B4"), ("SDC303", "A4")}


def test_a_statistic_under_to_markdowns_tuple_header_takes_its_own_count(
        tmp_path: Path) -> None:
    # pivot_table(columns=died, aggfunc=["std", "count"]).to_markdown(): one header line of
    # tuples; the sd of Isle's 4 deaths took the first count on its line (30)
    (tmp_path / "t.md").write_text(
        "| area   |   ('std', 0) |   ('std', 1) |   ('count', 0) |   ('count', 1) |\n"
        "|:-------|-------------:|-------------:|---------------:|---------------:|\n"
        "| East   |      8826.09 |      8968.47 |            109 |            100 |\n"
        "| Isle   |      8632.96 |     10874.6  |             30 |              4 |\n"
        "| North  |      8320.52 |      9267.09 |             92 |             86 |\n",
        encoding="utf-8")
    assert _found(tmp_path / "t.md") == {("SDC101", "E3", "fail"), ("SDC303", "C3", "fail")}


def _counts_md(path: Path, isle: tuple[int, int]) -> None:
    """``crosstab([area, sex], died, margins=True).to_markdown()``: the index as tuples, the
    columns 0 and 1 in the line above the dashes."""
    rows = [("East", "F", 46, 38), ("East", "M", 41, 52), ("Isle", "F", *isle),
            ("North", "M", 30, 31)]
    lines = ["|               |   0 |   1 |   All |", "|:--|--:|--:|--:|"]
    lines += [f"| ('{a}', '{s}') | {x} | {y} | {x + y} |" for a, s, x, y in rows]
    dead, alive = sum(r[2] for r in rows), sum(r[3] for r in rows)
    lines.append(f"| ('All', '') | {dead} | {alive} | {dead + alive} |")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_markdown_header_of_numbers_is_a_header(tmp_path: Path) -> None:
    # the line above the dashes is the header by the format: its 0 and 1 were read as a zero
    # count and a count of 1 (a safe table failed, SDC101/SDC102 at B1 and C1)
    _counts_md(tmp_path / "safe.md", (33, 29))
    assert _found(tmp_path / "safe.md") == set()
    _counts_md(tmp_path / "small.md", (3, 29))
    assert ("SDC101", "B4", "fail") in _found(tmp_path / "small.md")  # Isle / F / 0
    assert not {c for _, c, _ in _found(tmp_path / "small.md")} & {"B1", "C1"}


def test_a_margins_zero_saved_alone_is_named_at_its_cell(tmp_path: Path) -> None:
    # seed 32027 of round 32: crosstab(area, [sex, grp, died], margins=True) where nobody of
    # M / g2 died: the Total row's 0 was left unnamed (its column's zeros were named)
    (tmp_path / "t.csv").write_text(
        "sex,F,F,M,M,Total\ndied,0,1,0,1,\nArea,,,,,\n"
        "East,16,12,14,0,42\nNorth,19,13,15,0,47\nTotal,35,25,29,0,89\n", encoding="utf-8")
    zeros = {c for r, c, s in _found(tmp_path / "t.csv") if r == "SDC102" and s == "fail"}
    assert zeros == {"E4", "E5", "E6"}
