"""Stata ``tabstat`` logs read as what they are (false positives, third round): one block of
lines per group, the statistics in the order the header lists them. ``N`` is the number of
values the group's mean and sd are of, so a mean beside an ``N`` below the threshold fails
at its cell, an sd there is thin (SDC303), and otherwise the mean's dominance is bounded from
its ``N`` and ``SD`` as for pandas' ``count``/``mean``/``std`` (sdc.magnitude_bounds).
Before, every number of a ``by()`` table was read as a magnitude (the ``N`` lines too:
SDC203 review, no small count named). The logs are written as Stata prints them (default
``%9.0g`` format, columns 10 wide, the group label right-aligned left of the bar)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import findings_of

POLICY = build_policy({})


def _check(root: Path) -> tuple[set[tuple[str, str, str | None]], str]:
    result = sdc.check(root, POLICY)
    return findings_of(result), result.status.value


def _g(value: float) -> str:
    """Stata's ``%9.0g``: seven significant digits, no leading zero before the point."""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.7g}"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text


def _stays(small_ward: int | None = None, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({"ward": rng.choice(["A", "B", "C"], 300),
                       "los": rng.integers(1, 15, 300).astype(float),
                       "cost": rng.normal(3000, 600, 300).round(2)})
    if small_ward is not None:  # ward B keeps only this many stays
        keep = df.index[df.ward == "B"][:small_ward]
        df = df[(df.ward != "B") | df.index.isin(keep)]
    return df


_STATS = {"n": ("N", "N", lambda s: s.count()), "mean": ("Mean", "mean", lambda s: s.mean()),
          "sd": ("SD", "sd", lambda s: s.std())}


def _tabstat(df: pd.DataFrame, variables: list[str], stats: list[str], stata17: bool = True,
             weight: str = "", longstub: str = "", header: bool = True) -> str:
    """``tabstat vars [weight], by(ward) statistics(stats)`` as Stata prints it; ``longstub``
    (the option as typed: ``longstub``, ``long``) prints each statistic's name in the stub,
    right of the group's label, under ``ward  Stats`` (Stata 16: ``stats``); ``header``:
    the ``Summary statistics`` lines above the table."""
    shown = [_STATS[s][0 if stata17 else 1] for s in stats]
    width = 18 if longstub else 8
    option = f" {longstub}" if longstub else ""
    lines = [f". tabstat {' '.join(variables)}{weight}, by(ward) statistics({' '.join(stats)})"
             + option, ""]
    if header:
        lines += [f"Summary statistics: {', '.join(shown)}",
                  "Group variable: ward (Hospital ward)" if stata17
                  else "  by categories of: ward (Hospital ward)", ""]
    stub = (f"{'ward':<10}{'Stats' if stata17 else 'stats':>8}" if longstub
            else f"{'ward':>{width}}")
    lines.append(f"{stub} |" + "".join(f"{v:>10}" for v in variables))
    rule = "-" * (width + 1) + "+" + "-" * (10 * len(variables))
    lines.append(rule)
    groups = [(str(w), g) for w, g in df.groupby("ward")] + [("Total", df)]
    for i, (label, group) in enumerate(groups):
        if i:
            lines.append(rule)
        for k, stat in enumerate(stats):
            values = "".join(f"{_g(_STATS[stat][2](group[v])):>10}" for v in variables)
            name = label if k == 0 else ""
            stub = f"{name:<10}{shown[k]:>8}" if longstub else f"{name:>{width}}"
            lines.append(f"{stub} |{values}")
    lines.append("-" * (width + 2 + 10 * len(variables)))
    return "\n".join(lines) + "\n"


def test_tabstat_by_group_passes(tmp_path: Path) -> None:
    (tmp_path / "t.log").write_text(_tabstat(_stays(), ["los", "cost"], ["n", "mean", "sd"]))
    assert _check(tmp_path) == (set(), "pass")


def test_tabstat_by_group_stata16_header_passes(tmp_path: Path) -> None:
    (tmp_path / "t.log").write_text(_tabstat(_stays(), ["los", "cost"], ["n", "mean", "sd"],
                                             stata17=False))
    assert _check(tmp_path) == (set(), "pass")


def test_tabstat_small_group_fails_at_its_n_mean_and_sd(tmp_path: Path) -> None:
    # ward B: 4 stays. Its N (line 5 of the table: B / N), its means (B / Mean) and its sds
    # (B / SD) fail; the others pass
    (tmp_path / "t.log").write_text(_tabstat(_stays(small_ward=4), ["los", "cost"],
                                             ["n", "mean", "sd"]))
    findings, status = _check(tmp_path)
    assert status == "fail"
    assert {f for f in findings if f[2] is not None} == {
        ("SDC101", "t.log#table1", "C5"), ("SDC101", "t.log#table1", "D5"),
        ("SDC101", "t.log#table1", "C6"), ("SDC101", "t.log#table1", "D6"),
        ("SDC303", "t.log#table1", "C7"), ("SDC303", "t.log#table1", "D7")}
    # the 4 stays' dominance cannot be ruled out from so few: review beside the fails
    assert {f for f in findings if f[2] is None} <= {("SDC203", "t.log#table1", None)}


def test_tabstat_of_a_skewed_amount_stays_review(tmp_path: Path) -> None:
    # one stay costs 5,000,000, most of its ward's total (the p% rule fails): the sd is too
    # wide for N and SD to rule its dominance out
    df = _stays()
    df.loc[df.index[df.ward == "C"][0], "cost"] = 5_000_000.0
    (tmp_path / "t.log").write_text(_tabstat(df, ["cost"], ["n", "mean", "sd"]))
    assert _check(tmp_path) == ({("SDC203", "t.log#table1", None)}, "review")


def test_weighted_tabstat_stays_review(tmp_path: Path) -> None:
    # with [aw=...] the mean is weighted: N and SD bound nothing about its contributions
    (tmp_path / "t.log").write_text(_tabstat(_stays(), ["los", "cost"], ["n", "mean", "sd"],
                                             weight=" [aw=w]"))
    assert _check(tmp_path) == ({("SDC203", "t.log#table1", None)}, "review")


def test_tabstat_without_its_command_stays_review(tmp_path: Path) -> None:
    # the output pasted without the command: nothing says how it was weighted
    text = _tabstat(_stays(), ["los", "cost"], ["n", "mean", "sd"]).split("\n", 2)[2]
    (tmp_path / "t.log").write_text(". * results\n\n" + text)
    assert _check(tmp_path) == ({("SDC203", "t.log#table1", None)}, "review")


def test_tabstat_columns_statistics_passes_and_its_small_group_fails(tmp_path: Path) -> None:
    def log(df: pd.DataFrame) -> str:
        lines = [". tabstat los, by(ward) statistics(n mean sd) columns(statistics)", "",
                 "Summary for variables: los", "Group variable: ward (Hospital ward)", "",
                 f"{'ward':>8} |{'N':>10}{'Mean':>10}{'SD':>10}", "-" * 9 + "+" + "-" * 30]
        for label, g in [*((str(w), g) for w, g in df.groupby("ward")), ("Total", df)]:
            if label == "Total":
                lines.append("-" * 9 + "+" + "-" * 30)
            lines.append(f"{label:>8} |{g.los.count():>10}{_g(g.los.mean()):>10}"
                         f"{_g(g.los.std()):>10}")
        return "\n".join([*lines, "-" * 40]) + "\n"

    (tmp_path / "t.log").write_text(log(_stays()))
    assert _check(tmp_path) == (set(), "pass")
    (tmp_path / "t.log").write_text(log(_stays(small_ward=4)))
    findings, status = _check(tmp_path)
    assert status == "fail"
    assert {f for f in findings if f[2] is not None} == {
        ("SDC101", "t.log#table1", "B3"), ("SDC101", "t.log#table1", "C3"),
        ("SDC303", "t.log#table1", "D3")}


def test_tabstat_without_groups_passes(tmp_path: Path) -> None:
    df = _stays()
    lines = [". tabstat los cost, statistics(n mean sd)", "",
             f"{'Stats':>8} |{'los':>10}{'cost':>10}", "-" * 9 + "+" + "-" * 20]
    for name, stat in (("N", "n"), ("Mean", "mean"), ("SD", "sd")):
        lines.append(f"{name:>8} |" + "".join(f"{_g(_STATS[stat][2](df[v])):>10}"
                                              for v in ("los", "cost")))
    (tmp_path / "t.log").write_text("\n".join([*lines, "-" * 30]) + "\n")
    assert _check(tmp_path) == (set(), "pass")


@pytest.mark.parametrize(("stata17", "longstub", "header"), [
    (True, "longstub", True), (False, "longstub", True), (True, "long", False),
    (False, "longstub", False)])
def test_tabstat_longstub_passes_and_its_small_group_fails(
        tmp_path: Path, stata17: bool, longstub: str, header: bool) -> None:
    # ``longstub``: the statistic's name on every line, right of the group's label (before:
    # not read as tabstat, every number a magnitude: SDC203 review, a small N unnamed)
    def log(df: pd.DataFrame) -> str:
        return _tabstat(df, ["los", "cost"], ["n", "mean", "sd"], stata17=stata17,
                        longstub=longstub, header=header)

    (tmp_path / "t.log").write_text(log(_stays()))
    assert _check(tmp_path) == (set(), "pass")
    (tmp_path / "t.log").write_text(log(_stays(small_ward=4)))
    findings, status = _check(tmp_path)
    assert status == "fail"
    assert {f for f in findings if f[2] is not None} == {
        ("SDC101", "t.log#table1", "C5"), ("SDC101", "t.log#table1", "D5"),
        ("SDC101", "t.log#table1", "C6"), ("SDC101", "t.log#table1", "D6"),
        ("SDC303", "t.log#table1", "C7"), ("SDC303", "t.log#table1", "D7")}
    assert {f for f in findings if f[2] is None} <= {("SDC203", "t.log#table1", None)}


def test_weighted_tabstat_longstub_stays_review(tmp_path: Path) -> None:
    (tmp_path / "t.log").write_text(_tabstat(_stays(), ["los", "cost"], ["n", "mean", "sd"],
                                             weight=" [aw=w]", longstub="longstub"))
    assert _check(tmp_path) == ({("SDC203", "t.log#table1", None)}, "review")


def test_longstub_with_groups_of_other_statistics_is_not_read_so(tmp_path: Path) -> None:
    # a group listing other statistics than the first: not whole groups, read as before
    text = _tabstat(_stays(), ["los", "cost"], ["n", "mean", "sd"], longstub="longstub")
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("B "))
    lines[at + 1] = lines[at + 1].replace("    Mean |", "  Median |")
    (tmp_path / "t.log").write_text("\n".join(lines) + "\n")
    assert _check(tmp_path) == ({("SDC203", "t.log#table1", None)}, "review")
