"""Round 37 (the lead): a regression's dof that only ACRO's record gives is not a pass.

ACRO writes an OLS as three CSVs (``output_1_0.csv`` the summary block printing
``Df Residuals:,598``, ``output_1_1.csv`` the coefficients, ``output_1_2.csv`` the diagnostics)
and records the residual dof in ``results.json``. The record is a file in the researcher's
folder: hunt37 released the coefficients without the summary, set the record's dof to 1000 and
rewrote the checksum, and SDC301 passed the model on the record's word alone. The record's dof
now counts only where a released file of the model prints the same number; alone it is
``review`` at or above the minimum (``fail`` below it: a record only ever adds a finding).
The folder is the corpus's real ACRO session (``tests/corpus/acro/safe``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import sdc
from sdc.policy import build_policy

SESSION = Path(__file__).parent / "corpus" / "acro" / "safe"
POLICY = build_policy({})
MODEL = ("output_1_0.csv", "output_1_1.csv", "output_1_2.csv")


def _session(tmp_path: Path, *, summary: bool = True, dof: float | None = None) -> Path:
    """The ACRO session, without the model's summary block if not ``summary``, its record's
    dof changed to ``dof`` if given (checksums left as they are: not what is tested)."""
    folder = tmp_path / "session"
    shutil.copytree(SESSION, folder)
    if not summary:
        (folder / "output_1_0.csv").unlink()
    if dof is not None:
        results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        results["results"]["output_1"]["properties"]["dof"] = dof
        (folder / "results.json").write_text(json.dumps(results), encoding="utf-8")
    return folder


def _model_findings(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Each of the model's released files' findings as (rule, status)."""
    result = sdc.check(folder, POLICY)
    return {out.path: [(f.rule, f.status.value) for f in out.findings]
            for out in result.outputs if out.path in MODEL}


def test_record_confirmed_by_the_released_summary_passes(tmp_path: Path) -> None:
    assert _model_findings(_session(tmp_path)) == {name: [] for name in MODEL}


def test_record_alone_is_review_not_pass(tmp_path: Path) -> None:
    found = _model_findings(_session(tmp_path, summary=False))
    assert found == {"output_1_1.csv": [("SDC301", "review")],
                     "output_1_2.csv": [("SDC301", "review")]}


def test_record_edited_without_its_summary_is_review(tmp_path: Path) -> None:
    folder = _session(tmp_path, summary=False, dof=1000)
    result = sdc.check(folder, POLICY)
    coefficients = next(o for o in result.outputs if o.path == "output_1_1.csv")
    assert [(f.rule, f.status.value) for f in coefficients.findings] == [("SDC301", "review")]
    assert "only from ACRO's record" in coefficients.findings[0].message
    assert coefficients.status.value == "review"


def test_record_disagreeing_with_the_printed_summary_is_review(tmp_path: Path) -> None:
    found = _model_findings(_session(tmp_path, dof=1000))
    # the summary's own Df Residuals (598) is its dof; the others have only the record's 1000
    assert found == {"output_1_0.csv": [], "output_1_1.csv": [("SDC301", "review")],
                     "output_1_2.csv": [("SDC301", "review")]}


def test_record_alone_below_the_minimum_still_fails(tmp_path: Path) -> None:
    found = _model_findings(_session(tmp_path, summary=False, dof=5))
    assert found == {"output_1_1.csv": [("SDC301", "fail")],
                     "output_1_2.csv": [("SDC301", "fail")]}
