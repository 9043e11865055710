"""Under a rounding policy another table's published count, given as a constant to a table that
prints no grand total (``sdc.linking.links_and_constants``), is rounded too: taken as the exact
number, a margin a little below the sum of the table's own rounded cells was refused as another
population's and the hidden cell it pins passed (issue 12, hunt8). It is now the rounding
interval, as a link would give it. The oracle: the hidden cell's interval by linear programming
over the true counts' rounding intervals. Files written by pandas, checked through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from scipy.optimize import linprog
from typer.testing import CliRunner

from sdc.cli import app

runner = CliRunner()
BASE, SLACK = 5, 2  # rounded to the nearest 5: the true count is within 2
RULES = '[rules.unrounded-count]\nbase = 5\nscheme = "nearest"\n'
# the true counts by age and ethnicity; old Asian is 0, hidden ([c]); the tables by sex and by
# region count the same people
AGE = {"young": (28, 45), "mid": (23, 50), "old": (0, 60)}
SEX = {"Female": (26, 75), "Male": (25, 80)}
REGION = {"North": (21, 70), "South": (30, 85)}
SEX_REGION = {"Female": (40, 61), "Male": (51, 54)}  # North, South


def _rounded(v: int) -> int:
    return BASE * round(v / BASE)


def _frame(rows: dict[str, tuple[int, ...]], name: str, columns: list[str],
           margins: bool) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    if margins:
        frame["Total"] = frame.sum(axis=1)
        frame.loc["Total"] = frame.sum(axis=0)
    frame = frame.map(_rounded).astype(object)
    frame.index.name = name
    return frame


def _write(root: Path, hide: list[str]) -> Path:
    root.mkdir()
    (root / "rules.toml").write_text(RULES)
    out = root / "out"
    out.mkdir()
    wild = _frame(AGE, "age", ["Asian", "White"], margins=False)  # no grand total
    for age in hide:
        wild.loc[age, "Asian"] = "[c]"
    wild.to_csv(out / "a.csv")
    _frame(SEX, "sex", ["Asian", "White"], True).to_csv(out / "b.csv")
    _frame(REGION, "region", ["Asian", "White"], True).to_csv(out / "c.csv")
    _frame(SEX_REGION, "sex", ["North", "South"], True).to_csv(out / "d.csv")
    by_region = _frame(SEX_REGION, "sex", ["North", "South"], True).T
    by_region.index.name = "region"
    by_region.to_csv(out / "e.csv")
    sexes = _frame({s: (sum(v),) for s, v in SEX.items()}, "sex", ["n"], False)
    sexes.loc["Total"] = _rounded(sum(sum(v) for v in SEX.values()))
    sexes.to_csv(out / "f.csv")
    return root


def _findings(root: Path) -> list[tuple[str, str, str | None, str, str]]:
    result = runner.invoke(app, ["check", str(root / "out"), "--rules", str(root / "rules.toml"),
                                 "--format", "json", "--show-values"])
    assert result.exit_code in (0, 1), result.output
    return sorted((o["path"], f["rule"], f["location"]["cell"], f["status"], f["message"])
                  for o in json.loads(result.stdout)["outputs"] for f in o["findings"])


def _interval(hide: list[str], target: str) -> tuple[float, float]:
    """The hidden ``target``'s interval: each Asian cell of a.csv within the rounding of what it
    shows (0..inf hidden), their sum the Asian total b.csv and c.csv print, within its rounding."""
    ages = list(AGE)
    shown = _frame(AGE, "age", ["Asian", "White"], margins=False)["Asian"]
    total = _rounded(sum(v[0] for v in SEX.values()))
    bounds = [(0, None) if age in hide else (shown[age] - SLACK, shown[age] + SLACK)
              for age in ages]
    ends = []
    for sign in (1, -1):
        c = [sign if age == target else 0 for age in ages]
        got = linprog(c, A_ub=[[1] * len(ages), [-1] * len(ages)],
                      b_ub=[total + SLACK, -(total - SLACK)], bounds=bounds)
        ends.append(sign * got.fun)
    return ends[0], ends[1]


def test_a_rounded_margin_below_the_rounded_cells_pins_the_hidden_cell(tmp_path: Path) -> None:
    root = _write(tmp_path / "r", ["old"])
    assert _interval(["old"], "old") == pytest.approx((0, 1))
    # was: no finding, a.csv pass (50 taken exactly, below 30 + 25: another population)
    audit = [f for f in _findings(root) if f[1] in ("SDC501", "SDC502")]
    assert [f[:4] for f in audit] == [("a.csv", "SDC502", "B4", "review")]
    assert "known to lie in [0, 1]" in audit[0][4]


def test_two_hidden_cells_under_the_rounded_margin_pass(tmp_path: Path) -> None:
    # the twin: young and old Asian hidden, each in [0, 29] under 50's rounding
    root = _write(tmp_path / "r", ["young", "old"])
    assert _interval(["young", "old"], "old") == pytest.approx((0, 29))
    assert _findings(root) == []
