"""Round 34 (acro34): ACRO 1.0.2 sessions of what earlier sweeps drew least
(``acro_sweep34.py``: several statistics at once with margins, pivot tables of aggfunc lists
over pay, a weight or an age, tables made while ACRO's suppression or rounding is on, which
ACRO marks ``review``, histograms and survival tables and plots, models on one to four records
more than their parameters), each table also saved by pandas alone six ways (``to_csv``,
``to_csv(index=False)``, ``to_excel``, ``to_markdown``, ``to_html``, and ``to_latex``, written
here from the tables ACRO's run pickled), recorded (CI replays them) and checked as
``benchmarks/acro_agreement34.py`` checks seeds 34001-34040:

* in ACRO's folder every cell ACRO flagged is named at its cell; the only outputs ACRO did not
  pass that sdc passes are tables ACRO made under a mitigation (``review``): suppressed, with
  every flagged cell blank, or rounded (round 16's difference: a rounded table is checked as
  published);
* alone, in every style, no output ACRO failed passes, and every flagged cell a style shows is
  named (at the cell or for the table) but in a rounded table (ACRO's 8 shown as 10);
* a survival table of no event (seed 34029, ACRO ``fail``: dof=0) is its header alone; saved by
  ``to_markdown`` it passed (a line of words read as prose); now SDC602 ``review``, as its CSV.
"""

from __future__ import annotations

import collections
import json
from pathlib import Path
from typing import Any

import pytest

import sdc
from benchmarks.acro_agreement27 import compare, folder_outputs
from benchmarks.acro_agreement33 import in_style, plain_outputs
from benchmarks.acro_agreement34 import STYLES, latex
from tests import acro_recordings
from tests.parity.test_acro_sweep import POLICY
from tests.parity.test_acro_sweep32 import outcome_repeats_labels

SWEEP = Path(__file__).with_name("acro_sweep34.py")
SEEDS = ["34008", "34029"]


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Any, Any]]:
    root = tmp_path_factory.mktemp("acro-sweep34")
    acro_recordings.run(SWEEP, [str(root), "json", *SEEDS], root, timeout=300)
    latex(root, [int(s) for s in SEEDS])
    return {seed: (root / f"s34-{seed}", *(json.loads(
        (root / f"s34-{seed}{tail}").read_text(encoding="utf-8"))
        for tail in (".expected.json", ".calls.json"))) for seed in SEEDS}


def _mitigated(lines: list[str], calls: dict[str, str], cells: bool) -> None:
    """Each wrong pass is a table ACRO made under a mitigation: the table as a whole (its
    flagged cells blank), or (``cells``) a cell of a rounded table."""
    for line in lines:
        call = calls[line.split()[2]]
        whole = line.endswith("sdc pass")
        assert whole or (cells and call.startswith("[round")), line
        assert call.startswith(("[suppress]", "[round")), line


@pytest.mark.parametrize("seed", SEEDS)
def test_every_cell_acro_flagged_is_named_at_its_cell(seed: str, folders) -> None:
    folder, expected, calls = folders[seed]
    tally: collections.Counter[str] = collections.Counter()
    wrong: list[str] = []
    compare(folder_outputs(expected), expected, sdc.check(folder, POLICY), tally, wrong, [],
            f"{seed} acro")
    _mitigated(wrong, calls, cells=False)
    assert tally["cell: named"] > 150
    assert tally["cell: table-level finding only"] == tally["cell: WRONG PASS"] == 0
    assert tally["table: ACRO fail / sdc pass"] == 0
    assert tally["dof failed: SDC303 no"] == 0


@pytest.mark.parametrize("seed", SEEDS)
def test_nothing_acro_failed_passes_alone(seed: str, folders) -> None:
    folder, expected, calls = folders[seed]
    result = sdc.check(Path(f"{folder}-plain"), POLICY)
    for style in STYLES:
        tally: collections.Counter[str] = collections.Counter()
        wrong: list[str] = []
        compare(plain_outputs(expected, style, STYLES), in_style(expected, style, tally),
                result, tally, wrong, [], f"{seed} {style}")
        _mitigated(wrong, calls, cells=True)
        assert tally["cell: named"] > 50, style
        assert tally["table: ACRO fail / sdc pass"] == 0, style
        assert tally["cell: unlocated"] == 0, style


def test_the_sweep_drew_what_it_aims_at(folders) -> None:
    kinds = {e["type"] for _, expected, _ in folders.values() for e in expected.values()}
    assert {"table", "regression", "histogram"} <= kinds
    shown = " ".join(v for _, _, calls in folders.values() for v in calls.values())
    for call in ("[suppress]", "[round 5]", "'margins': True", "surv_func table", "probit"):
        assert call in shown, call
    statuses = {e["status"] for _, expected, _ in folders.values() for e in expected.values()}
    assert statuses == {"pass", "fail", "review"}
    assert Path(f"{folders['34008'][0]}-plain", "output_1.tex").is_file()


def test_a_survival_table_of_no_event_saved_as_markdown_is_reviewed(folders) -> None:
    folder, expected, _ = folders["34029"]
    assert "dof=0" in expected["output_22"]["summary"] and expected["output_22"]["status"] == \
        "fail"
    md = Path(f"{folder}-plain", "output_22.md")
    assert len(md.read_text(encoding="utf-8").splitlines()) == 2  # its header and dashes
    found = {(f.rule, f.status.value) for f in sdc.check(md, POLICY).findings}
    assert ("SDC602", "review") in found


def test_a_pipe_tables_header_with_no_row_is_not_prose(tmp_path: Path) -> None:
    # the line above the dashes is a header by the format: with no row under it the table
    # cannot be read (SDC602), where one line of words in a ruled box (SAS's title) is prose
    path = tmp_path / "t.md"
    path.write_text("| Time | Surv prob | num at risk | num events |\n|---|---|---|---|\n",
                    encoding="utf-8")
    found = {(f.rule, f.status.value) for f in sdc.check(path, POLICY).findings}
    assert found == {("SDC602", "review")}


def test_a_header_of_numbers_repeated_by_acros_outcome_block_is_a_header(
        tmp_path: Path) -> None:
    # crosstab(year, died, margins=True) finalised to results.xlsx (round 32's seed 32108,
    # output_23): the outcome block repeats the table's header, ``year, 0, 1, Overall``; its 0
    # and 1 were "numbers not understood" and "something other than check names" (SDC602)
    import pandas as pd

    years = pd.Index([2019, 2020, 2021, "Overall"], name="year")
    table = pd.DataFrame({0: [27, 20, 24, 71], 1: [15, 11, 18, 44], "Overall": [42, 31, 42, 115]},
                         index=years)
    ok = pd.DataFrame({c: ["ok"] * 4 for c in table.columns}, index=years)
    # a header the table does not have is still no check name
    outcome_repeats_labels(tmp_path, table, ok, ok.rename(columns={1: 2}), "'year', 'died'")
