"""A number printed in exponent notation in one table is read as the interval it prints where
it is another table's constant or linked cell and the exact reading contradicts (issue 12).

pandas' ``float_format="%.3g"`` prints the Asian total 2,174 as ``2.17e+03``: 2,170 to the
nearest 10. Table a.csv (age by ethnicity, no margins) shows Asian young 1,210 and mid 962 and
hides old (2). Taken exactly, 2,170 is below 1,210 + 962: the link (or, beside more tables, the
constant) was dropped as another population's and a.csv passed, where the printed interval
[2,165, 2,175] leaves old in [0, 3]. The oracle: that interval by linear programming over the
printed interval, computed here. Files written by pandas, checked through the CLI in-process.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from scipy.optimize import linprog
from typer.testing import CliRunner

from sdc.cli import app

runner = CliRunner()
AGES = {"young": (1210, 300), "mid": (962, 300), "old": (2, 300)}  # Asian, White
SEX = {"Female": (1100, 500), "Male": (1074, 400)}
REGION = {"North": (1000, 450), "South": (1174, 450)}
SEX_REGION = {"Female": (700, 900), "Male": (750, 724)}  # North, South


def _margins(rows: dict[str, tuple[int, ...]], name: str, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=columns)
    frame["Total"] = frame.sum(axis=1)
    frame.loc["Total"] = frame.sum(axis=0)
    frame.index.name = name
    return frame


def _write(root: Path, hide: list[str], *, constants: bool, fmt: str | None = "%.3g",
           ages: dict[str, tuple[int, int]] = AGES) -> Path:
    """a.csv hides ``hide``'s Asian cells; b.csv (sex) prints its numbers with ``fmt``.
    ``constants``: c.csv to f.csv too, so that a.csv (no grand total, where the others print
    one) takes the Asian total as a constant (``sdc.linking.links_and_constants``), not a
    link."""
    out = root / "out"
    out.mkdir(parents=True)
    a = pd.DataFrame.from_dict(ages, orient="index", columns=["Asian", "White"]).astype(object)
    a.index.name = "age"
    for age in hide:
        a.loc[age, "Asian"] = "[c]"
    a.to_csv(out / "a.csv")
    sex = {"Female": (1100, 500), "Male": (sum(v[0] for v in ages.values()) - 1100, 400)}
    _margins(sex, "sex", ["Asian", "White"]).astype(float).to_csv(out / "b.csv",
                                                                  float_format=fmt)
    if constants:
        region = {"North": (1000, 450), "South": (sex["Male"][0] + 100, 450)}
        _margins(region, "region", ["Asian", "White"]).astype(float).to_csv(
            out / "c.csv", float_format=fmt)
        both = _margins(SEX_REGION, "sex", ["North", "South"])
        both.to_csv(out / "d.csv")
        by_region = both.T
        by_region.index.name = "region"
        by_region.to_csv(out / "e.csv")
        sexes = pd.DataFrame({"n": [1600, 1474, 3074]}, index=["Female", "Male", "Total"])
        sexes.index.name = "sex"
        sexes.to_csv(out / "f.csv")
    return out


def _audit(out: Path) -> list[tuple[str, str, str | None, str, str]]:
    result = runner.invoke(app, ["check", str(out), "--format", "json", "--show-values"])
    assert result.exit_code in (0, 1), result.output
    return sorted((o["path"], f["rule"], f["location"]["cell"], f["status"], f["message"])
                  for o in json.loads(result.stdout)["outputs"] for f in o["findings"]
                  if f["rule"] in ("SDC501", "SDC502", "SDC402"))


def _interval(hide: list[str], target: str, half: float) -> tuple[float, float]:
    """``target``'s interval: a.csv's shown Asian cells as shown, the hidden ones 0..inf, their
    sum within ``half`` of the printed total 2,170 (never below 0)."""
    ages = list(AGES)
    bounds = [(0, None) if age in hide else (AGES[age][0], AGES[age][0]) for age in ages]
    ends = []
    for sign in (1, -1):
        got = linprog([sign if age == target else 0 for age in ages],
                      A_ub=[[1] * len(ages), [-1] * len(ages)],
                      b_ub=[2170 + half, -(2170 - half)], bounds=bounds, method="highs")
        assert got.status == 0
        ends.append(sign * got.fun)
    return ends[0], ends[1]


@pytest.mark.parametrize("constants", [False, True], ids=["linked", "constant"])
def test_an_exponent_margin_of_another_table_gives_the_hidden_cell_its_interval(
        tmp_path: Path, constants: bool) -> None:
    out = _write(tmp_path, ["old"], constants=constants)
    assert "Total,2.17e+03," in (out / "b.csv").read_text()
    lo, hi = _interval(["old"], "old", 5)
    assert (lo, hi) == pytest.approx((0, 3))
    # was: no finding, a.csv pass (2,170 taken exactly is below 1,210 + 962: dropped)
    audit = _audit(out)
    assert [f[:4] for f in audit] == [("a.csv", "SDC502", "B4", "review")]
    assert f"known to lie in [{lo:.0f}, {hi:.0f}]" in audit[0][4]


@pytest.mark.parametrize("constants", [False, True], ids=["linked", "constant"])
def test_two_hidden_cells_under_the_exponent_margin_pass(tmp_path: Path,
                                                         constants: bool) -> None:
    # the safe twin: young and old Asian hidden, old in [0, 1213] under 2.17e+03's interval
    out = _write(tmp_path, ["young", "old"], constants=constants)
    assert _interval(["young", "old"], "old", 5) == pytest.approx((0, 1213))
    assert _audit(out) == []


@pytest.mark.parametrize("constants", [False, True], ids=["linked", "constant"])
def test_an_exponent_margin_that_fits_exactly_stays_exact(tmp_path: Path,
                                                          constants: bool) -> None:
    # old is 6: the total is 2,178, printed 2.18e+03, which 1,210 + 962 + old can be exactly
    # (old = 8): read exactly, as R's 1e+05 means (a wrong 8, but recomputed: SDC501)
    ages = {**AGES, "old": (6, 300)}
    out = _write(tmp_path, ["old"], constants=constants, ages=ages)
    assert "Total,2.18e+03," in (out / "b.csv").read_text()
    audit = _audit(out)
    assert [f[:4] for f in audit] == [("a.csv", "SDC501", "B4", "review")]
    assert "it is 8" in audit[0][4]
