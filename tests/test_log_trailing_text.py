"""A table printed into a log with no blank line before the script's next message
(``print(crosstab(...)); print("Done")``): the message is text after the table, not a last row
whose every cell is blank. A blank cell is a suppression marker, so the audit "recomputed" that
row from the margins and failed a safe log (SDC501), found by the third hunt."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _crosstab(margins: bool) -> pd.DataFrame:
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"region": rng.choice(["North", "South", "East", "West"], 400),
                       "sex": rng.choice(["F", "M"], 400)})
    return pd.crosstab(df.region, df.sex, margins=margins)


def _log(path: Path, table: pd.DataFrame, after: str = "Done") -> Path:
    path.write_text(f"Running analysis\n{table.to_string()}\n{after}\n", encoding="utf-8")
    return path


def test_a_message_after_a_table_with_margins_is_not_a_suppressed_row(tmp_path: Path) -> None:
    result = sdc.check(_log(tmp_path / "run.log", _crosstab(margins=True)), POLICY)
    assert result.status == "pass", findings_of(result)


def test_beside_a_twin_log_the_message_rows_do_not_link(tmp_path: Path) -> None:
    _log(tmp_path / "a.log", _crosstab(margins=True))
    _log(tmp_path / "b.log", _crosstab(margins=False))
    result = sdc.check(tmp_path, POLICY)
    assert result.status == "pass", findings_of(result)


def test_a_small_cell_still_fails_at_its_cell(tmp_path: Path) -> None:
    table = _crosstab(margins=False)
    table.loc["West", "F"] = 3
    result = sdc.check(_log(tmp_path / "run.log", table), POLICY)
    # the 3 (SDC101) and West's 3 beside 51 (SDC103, 94% in one category): both on West
    assert sorted((f.rule, f.location.row_label) for f in result.findings) == [
        ("SDC101", "West"), ("SDC103", "West")]


def test_the_message_is_still_read_as_text(tmp_path: Path) -> None:
    """The lines after the table go to the identifier checks like any text of the log."""
    path = _log(tmp_path / "run.log", _crosstab(margins=True),
                after="Done, results sent to jane.doe@example.org")
    found = findings_of(sdc.check(path, POLICY))
    assert {rule for rule, _, _ in found} == {"SDC604"}


def test_a_blank_cell_inside_the_table_is_still_suppressed(tmp_path: Path) -> None:
    """Only lines with no number after the last row are text: a row with a blanked cell
    stays a row, and a blank recoverable from its margins still fails (SDC501)."""
    text = _crosstab(margins=True).to_string().splitlines()
    west = next(i for i, line in enumerate(text) if line.startswith("West"))
    value = text[west].split()[1]
    at = text[west].index(f" {value} ") + 1
    text[west] = text[west][:at] + " " * len(value) + text[west][at + len(value):]
    path = tmp_path / "run.log"
    path.write_text("\n".join(["Running analysis", *text, "Done", ""]), encoding="utf-8")
    found = findings_of(sdc.check(path, POLICY), {"SDC501"})
    assert len(found) == 1 and next(iter(found))[2] is not None
