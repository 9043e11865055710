"""Round 32 (acro32): ACRO 1.0.2 sessions of the calls earlier sweeps made least
(``acro_sweep32.py``: aggfunc lists in pivot tables with ``margins_name``, ``fill_value=0``,
``sort=False`` and an unused category; aggregates normalised; three column levels; years and
booleans as labels; a missing column key; ``hist(by_val=...)``, ``pie``; the six regressions on
a handful of records), each table also saved by pandas alone four ways, recorded (CI replays
them) and checked as ``benchmarks/acro_agreement32.py`` checks seeds 32001-32040:

* in ACRO's folder every cell ACRO flagged is named at its cell;
* alone (``to_csv``, ``to_excel``, rounded ``to_csv``, ``to_excel(merge_cells=False)``) no
  output ACRO failed passes and every flagged cell is named (at the cell or for the table).

And the three cases the sweep found, each also tested without ACRO on files the project's
pandas (or openpyxl, for pandas 2's layout) writes:

* a margin under three column levels (``All`` over two blanks): the middle blank took the
  category to its left, so the margin column read as ``All / g2`` (ACRO's flags on it went
  unnamed, SDC602; alone, SDC402 ``review`` on every margin of a safe table);
* a statistic's count under pandas 2's one-line header (``to_excel(merge_cells=False)``:
  ``std.True `` beside ``count.True ``) was the first count on its row (``count.False``);
* a median written 0 for an empty group (``pivot_table(fill_value=0)``) rested on no unit
  and was not thin.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest

import sdc
from benchmarks.acro_agreement32 import STYLES, flat, plain_outputs
from tests import acro_recordings
from tests.parity.test_acro_sweep import POLICY, named_in_folder

SWEEP = Path(__file__).with_name("acro_sweep32.py")
SEEDS = ["32002", "32004"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any]]:
    root = tmp_path_factory.mktemp("acro-sweep32")
    acro_recordings.run(SWEEP, [str(root), "json", *SEEDS], root, timeout=300)
    return {seed: (root / f"s32-json-{seed}", json.loads(
        (root / f"s32-json-{seed}.expected.json").read_text(encoding="utf-8")))
        for seed in SEEDS}


def _at(result: sdc.RunResult, name: str, cell: str | None) -> set[tuple[str, str]]:
    return {(f.rule, f.status.value) for f in result.findings
            if Path(f.location.path).name == name and f.location.cell == cell}


@pytest.mark.parametrize("seed", SEEDS)
def test_every_cell_acro_flagged_is_named_at_its_cell(seed: str, folders) -> None:
    assert named_in_folder(*folders[seed], seed)["cell: named"] > 300


@pytest.mark.parametrize("seed", SEEDS)
def test_nothing_acro_flagged_passes_alone(seed: str, folders) -> None:
    from benchmarks.acro_agreement27 import compare

    folder, expected = folders[seed]
    plain = Path(f"{folder}-plain")
    result = sdc.check(plain, POLICY)
    for style in STYLES:
        tally: collections.Counter[str] = collections.Counter()
        wrong: list[str] = []
        compare(plain_outputs(expected, style, "json"),
                flat(expected, plain) if style == "flat" else expected, result, tally, wrong,
                [], f"{seed} {style}")
        assert wrong == [], style
        assert tally["cell: named"] > 100, style


def test_the_margin_under_three_column_levels_is_named(folders) -> None:
    # shares of everyone by area and band, sex x grp x died, margins: Isle / 35-64 and
    # Isle / 65+ have no one, their All (column K) is 0.0; ACRO flags both
    folder, expected = folders["32002"]
    flags = collections.defaultdict(set)
    for c in expected["output_0"]["cells"]:
        flags[c["ref"]].add(c["check"])
    assert flags["K9"] == flags["K10"] == {"PresenceOfZeroCheck", "MinimumThresholdCheck"}
    result = sdc.check(folder, POLICY)
    assert _at(result, "output_0_0.csv", "K9") == {("SDC102", "fail")}
    assert _at(result, "output_0_0.csv", "K10") == {("SDC102", "fail")}
    assert ("SDC602", "review") not in _at(result, "output_0_0.csv", None)  # all found


def test_a_statistic_under_a_one_line_header_takes_its_own_count(folders) -> None:
    # pivot_table(index=year, columns=smoker, aggfunc=["count", "max", "std"]) saved with
    # to_excel(merge_cells=False): 2020's smokers are 6, their sd (I4) rests on them
    folder, _ = folders["32002"]
    sheet = openpyxl.load_workbook(Path(f"{folder}-plain") / "output_22-flat.xlsx").active
    assert [sheet.cell(1, c).value for c in (3, 9)] == ["count.True", "std.True"]
    assert sheet.cell(4, 3).value == 6
    result = sdc.check(Path(f"{folder}-plain") / "output_22-flat.xlsx", POLICY)
    assert _at(result, "output_22-flat.xlsx", "I4") == {("SDC303", "fail")}


def test_a_median_filled_in_for_an_empty_group_is_named(folders) -> None:
    # pivot_table(index=[area, band, grp], aggfunc=["median", "count"], fill_value=0) over a
    # band with an unused category: East / 0-15 / g1 is median 0.0 of count 0
    folder, expected = folders["32004"]
    assert {c["check"] for c in expected["output_4"]["cells"] if c["ref"] == "D4"} == {
        "PresenceOfZeroCheck", "MinimumThresholdCheck"}
    plain = Path(f"{folder}-plain")
    assert (plain / "output_4.csv").read_text().splitlines()[3] == "East,0-15,g1,0.0,0"
    result = sdc.check(plain / "output_4.csv", POLICY)
    assert _at(result, "output_4.csv", "D4") == {("SDC303", "fail")}
    assert _at(result, "output_4.csv", "E4") == {("SDC102", "fail")}


# the same cases without ACRO, on files written here


def test_a_safe_crosstab_over_three_column_levels_with_margins_passes(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    n = 2000
    df = pd.DataFrame({"area": rng.choice(["East", "North", "South"], n),
                       "sex": rng.choice(["F", "M"], n), "grp": rng.choice(["g1", "g2"], n),
                       "died": rng.choice([0, 1], n)})
    table = pd.crosstab(df.area, [df.sex, df.grp, df.died], margins=True)
    assert table.min().min() >= 10
    table.to_csv(tmp_path / "three.csv")
    table.to_excel(tmp_path / "three.xlsx")
    result = sdc.check(tmp_path, POLICY)
    assert [(f.rule, f.location.cell) for f in result.findings
            if f.status.value != "pass"] == []  # was SDC402 review at every All (J5:J8)


def test_a_small_margin_under_three_column_levels_is_a_count(tmp_path: Path) -> None:
    # the same shape with a rare area: its All (7) is a count below the threshold, and a sum
    # of its own row, not of the g2 columns to its left
    rng = np.random.default_rng(4)
    n = 2000
    df = pd.DataFrame({"area": rng.choice(["East", "North"], n),
                       "sex": rng.choice(["F", "M"], n), "grp": rng.choice(["g1", "g2"], n),
                       "died": rng.choice([0, 1], n)})
    df.loc[df.index[:7], "area"] = "Isle"
    table = pd.crosstab(df.area, [df.sex, df.grp, df.died], margins=True)
    table.to_csv(tmp_path / "t.csv")
    lines = (tmp_path / "t.csv").read_text().splitlines()
    assert lines[5].startswith("Isle,") and lines[5].endswith(",7")
    result = sdc.check(tmp_path / "t.csv", POLICY)
    assert ("SDC101", "fail") in _at(result, "t.csv", "J6")
    assert not any(f.rule == "SDC402" for f in result.findings)


def _one_line_header(path: Path, smokers: int) -> None:
    """What pandas 2's ``to_excel(merge_cells=False)`` writes for ``pivot_table(index=year,
    columns=smoker, values=pay, aggfunc=["count", "std"])``: one header line of joined names
    (each label padded to the longest: ``True ``), the index name on the next."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append([None, "count.False", "count.True ", "std.False", "std.True "])
    sheet.append(["year", None, None, None, None])
    sheet.append([2019, 34, 26, 5560.48, 5640.89])
    sheet.append([2020, 54, smokers, 4501.33, 4344.49])
    sheet.append([2021, 33, 27, 3498.03, 4962.93])
    book.save(path)


def test_a_statistic_takes_the_count_of_its_own_level(tmp_path: Path) -> None:
    _one_line_header(tmp_path / "flat.xlsx", smokers=6)
    result = sdc.check(tmp_path / "flat.xlsx", POLICY)
    assert _at(result, "flat.xlsx", "E4") == {("SDC303", "fail")}  # was: 54's, nothing
    assert _at(result, "flat.xlsx", "D4") == set()
    _one_line_header(tmp_path / "safe.xlsx", smokers=16)
    assert _at(sdc.check(tmp_path / "safe.xlsx", POLICY), "safe.xlsx", "E4") == set()


def test_a_statistic_filled_in_over_no_unit_is_thin(tmp_path: Path) -> None:
    # what pandas 2 writes for pivot_table(index=[area, band], aggfunc=["median", "count"],
    # fill_value=0, observed=False) over a band with an unused category (pandas 3 leaves the
    # median blank and puts the unused category last)
    (tmp_path / "filled.csv").write_text(
        ",,median,count\n,,pay,pay\narea,band,,\n"
        "East,0-15,0.0,0\nEast,16-34,8685.0,107\nEast,35-64,8159.5,106\n"
        "North,0-15,0.0,0\nNorth,16-34,8588.5,96\nNorth,35-64,8477.0,91\n",
        encoding="utf-8")
    result = sdc.check(tmp_path / "filled.csv", POLICY)
    assert _at(result, "filled.csv", "C4") == {("SDC303", "fail")}  # was: nothing
    assert _at(result, "filled.csv", "D4") == {("SDC102", "fail")}
    assert _at(result, "filled.csv", "C5") == set()  # a median of 107


def _survival_sheet(folder: Path, summary: str) -> Path:
    """ACRO's results.xlsx holding one survival table of no event (seed 32108's output_30,
    ``surv_func`` of 10 records): the command, the summary, then the table's header alone."""
    folder.mkdir()
    book = openpyxl.Workbook()
    index = book.active
    index.title = "description"
    command = "acro.surv_func(data.time, data.died, output='table')"
    index.append(["Sheet", "Command", "Summary"])
    index.append(["output_0", command, summary])
    sheet = book.create_sheet("output_0")
    for row in ([None, 0], ["Command", command], ["Summary", summary], [],
                ["Time", "Surv prob", "Surv prob SE", "num at risk", "num events"]):
        sheet.append(row)
    book.save(folder / "results.xlsx")
    return folder


def test_a_survival_table_of_no_event_in_acros_workbook_keeps_its_dof_fail(
        tmp_path: Path) -> None:
    # round 27 gave a JSON folder's record to such a table; the workbook's summary was lost
    # with the table sdc could not read (SDC602 review only, where ACRO fails)
    fail = ("KaplanMeier : \nStatbarnDataCheck: review: a manual check may be needed if "
            "related plots have been produced MinimumDoFCheck: fail dof=0 < 10")
    result = sdc.check(_survival_sheet(tmp_path / "fail", fail), POLICY)
    assert {(f.rule, f.location.cell, f.status.value) for f in result.findings
            if f.location.sheet == "output_0"} == {("SDC303", None, "fail"),
                                                  ("SDC602", None, "review")}
    passed = fail.replace("fail dof=0 < 10", "pass dof=12 >= 10")
    result = sdc.check(_survival_sheet(tmp_path / "pass", passed), POLICY)
    assert {(f.rule, f.status.value) for f in result.findings
            if f.location.sheet == "output_0"} == {("SDC602", "review")}


def test_years_as_row_labels_in_acros_workbook_are_labels(tmp_path: Path) -> None:
    # crosstab(year, sex) finalised to results.xlsx (seed 32101's output_13, ACRO pass): the
    # outcome block repeats the table's labels, 2019 as 2019, a number beside "ok"; read as
    # something other than check names, every such sheet was SDC602 review
    years = pd.Index([2019, 2020, 2021], name="Year")
    table = pd.DataFrame({"F": [36, 29, 31], "M": [27, 34, 32]}, index=years)
    ok = pd.DataFrame({"F": ["ok"] * 3, "M": ["ok"] * 3}, index=years)
    # a label the table does not have is still no check name
    outcome_repeats_labels(tmp_path, table, ok, ok.rename(index={2021: 2022}), "'Year', 'sex'")


def outcome_repeats_labels(tmp_path: Path, table: pd.DataFrame, ok: pd.DataFrame,
                           other: pd.DataFrame, variables: str) -> None:
    """``table`` finalised with ``ok`` as its outcome block (repeating its labels) has no
    finding on its sheet; with ``other`` (labels the table does not have) it is SDC602
    review."""
    from tests.parity.test_acro_workbook import write_workbook

    summary = ("FrequencyTable : \n PresenceOfLinkedTableCheck: A manual review against other "
               "outputs for differencing is recommended. Variables defining table are:  "
               f"[{variables}].\n")
    safe = sdc.check(write_workbook(tmp_path / "a", table, ok, summary), POLICY)
    assert [(f.rule, f.status.value) for f in safe.findings
            if f.location.sheet == "output_0"] == []
    moved = sdc.check(write_workbook(tmp_path / "b", table, other, summary), POLICY)
    assert ("SDC602", "review") in {(f.rule, f.status.value) for f in moved.findings
                                    if f.location.sheet == "output_0"}
