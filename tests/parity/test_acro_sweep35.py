"""Round 35 (acro35): ACRO 1.0.2 sessions of tables ACRO masked and models' summaries saved
alone (``acro_sweep35.py``: a third of the tables made while ACRO's suppression is on, counts
over three row or column levels, ``dropna=False``, magnitude crosstabs of pay with margins,
``pivot_table`` of aggfunc lists; each table saved alone six ways, and with its blanks masked
``*`` or left empty; the six regressions on a handful of records or on all, each model's
summary saved as statsmodels' text, LaTeX and HTML and its coefficient table alone), recorded
(CI replays them) and checked as ``benchmarks/acro_agreement35.py`` checks seeds 35001-35007:

* in ACRO's folder every cell ACRO flagged is named at its cell, and no output ACRO failed
  passes;
* alone, in every style and mask, no table ACRO failed passes; the only tables ACRO did not
  pass that sdc passes were made under its suppression, every flagged cell blank;
* no model ACRO failed passes from its summary saved alone (text, LaTeX, HTML, coefficients).
"""

from __future__ import annotations

import collections
import shutil
from pathlib import Path
from typing import Any

import pytest

import sdc
from benchmarks.acro_agreement27 import folder_outputs
from benchmarks.acro_agreement33 import in_style, plain_outputs
from benchmarks.acro_agreement34 import STYLES
from benchmarks.acro_agreement35 import MASKED, SUMMARIES, latex
from tests.parity import sweep_driver
from tests.parity.sweep_driver import Session
from tests.parity.test_acro_sweep import POLICY

SWEEP = Path(__file__).with_name("acro_sweep35.py")
SEED = "35001"


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    return sweep_driver.session(tmp_path_factory, SWEEP, ["json", SEED], f"s35-{SEED}",
                                after=lambda root: latex(root, [int(SEED)]), timeout=300)


def _suppressed(lines: list[str], calls: dict[str, str]) -> None:
    """Each wrong pass is a whole table ACRO made under its suppression (``review``)."""
    for line in lines:
        assert line.endswith("sdc pass") and "ACRO review" in line, line
        assert calls[line.split()[2]].startswith("[suppress]"), line


def _tally(keys: Any, expected: Any, result: sdc.RunResult, calls: dict[str, str],
           where: str) -> collections.Counter[str]:
    tally, wrong = sweep_driver.tally(keys, expected, result, f"{SEED} {where}")
    _suppressed(wrong, calls)
    assert tally["cell: WRONG PASS"] == 0, where
    return tally


def test_acros_folder_names_every_flagged_cell(session: Session) -> None:
    expected, calls = session.expected, session.calls
    tally = _tally(folder_outputs(expected), expected, session.checked(), calls, "acro")
    assert tally["cell: named"] > 100
    assert tally["cell: table-level finding only"] == 0
    assert tally["table: ACRO fail / sdc pass"] == tally["regression: ACRO fail / sdc pass"] == 0


def test_nothing_acro_failed_passes_alone_unmasked(session: Session) -> None:
    expected, calls = session.expected, session.calls
    result = session.checked("-plain")
    for style in STYLES:
        tally = _tally(plain_outputs(expected, style, STYLES),
                       in_style(expected, style, collections.Counter()), result, calls, style)
        assert tally["cell: named"] > 20, style
        assert tally["table: ACRO fail / sdc pass"] == 0, style


def test_nothing_acro_failed_passes_alone_masked(session: Session, tmp_path: Path) -> None:
    # the ``*`` folder's CSVs alone: its five styles in one folder cost the release audit
    # minutes (docs/acro-differences.md, round 35)
    calls = session.calls
    star = tmp_path / "star"
    star.mkdir()
    for path in session.folder("-star").glob("*.csv"):
        shutil.copy(path, star / path.name)
    tables = session.tables()
    readings = [(star, {"csv*": MASKED["-star"]["csv*"]}),
                (session.folder("-blank"), MASKED["-blank"])]
    passed_whole = 0
    for folder, styles in readings:
        result = session.checked(folder)
        for style in styles:
            tally = _tally(plain_outputs(tables, style, styles),
                           in_style(tables, style, collections.Counter()), result, calls,
                           style)
            assert tally["table: ACRO fail / sdc pass"] == 0, style
            assert tally["cell: named"] > 20, style
            passed_whole += tally["table: ACRO review / sdc pass"]
    assert passed_whole > 0  # a table ACRO blanked whole publishes nothing


def test_no_model_acro_failed_passes_from_its_summary_alone(session: Session) -> None:
    calls = session.calls
    models = {u: e for u, e in session.expected.items() if e["type"] == "regression"}
    assert {e["status"] for e in models.values()} == {"pass", "fail"}
    result = session.checked("-models")
    for name, tail in SUMMARIES.items():
        tally = _tally({u: [(f"{u}{tail}", None)] for u in models}, models, result, calls,
                       name)
        assert tally["regression: ACRO fail / sdc pass"] == 0, name
        assert tally["regression: ACRO fail / sdc missing"] == 0, name


def test_the_sweep_drew_what_it_aims_at(session: Session) -> None:
    stem, calls = session.stem, session.calls
    shown = " ".join(calls.values())
    for call in ("[suppress]", "'dropna': False", "'aggfunc': ['std', 'sum']",
                 "['area', 'band', 'grp']", "pivot_table", "probit"):
        assert call in shown, call
    for tail in ("-star/output_0.tex", "-blank/output_0.tex", "-plain/output_0.tex"):
        assert Path(f"{stem}{tail}").is_file(), tail
    star = Path(f"{stem}-star/output_1.csv").read_text(encoding="utf-8")
    assert "*" in star and "output_1" in calls


def test_a_table_acro_blanked_whole_passes_masked_and_its_twin_does_not(
        tmp_path: Path) -> None:
    # crosstab(eth, sex, values=pay, aggfunc=[std, sum], margins=True) under ACRO's
    # suppression (seed 35005's output_7): every cell blank, saved with ``*`` in the blanks;
    # nothing is published. The twin shows one sum: a magnitude with no contribution evidence
    head = ",std,std,sum,sum\nsex,F,M,F,M\neth,,,,\n"
    masked = tmp_path / "masked.csv"
    masked.write_text(head + "A,*,*,*,*\nB,*,*,*,*\nOverall,*,*,*,*\n", encoding="utf-8")
    assert sdc.check(masked, POLICY).findings == []
    shown = tmp_path / "shown.csv"
    shown.write_text(head + "A,*,*,*,*\nB,*,*,41872.0,*\nOverall,*,*,*,*\n", encoding="utf-8")
    found = {(f.rule, f.status.value) for f in sdc.check(shown, POLICY).findings}
    assert found == {("SDC203", "review")}
