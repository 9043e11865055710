"""A pandas pivot of counts whose columns are levels of one measure, beside the means in
another output (round 35, oracle35; round 34's residual 3).

``pivot_table(values="age", index="region", columns="sex", aggfunc=["count", "mean"],
margins=True)`` written by ``to_csv`` has a two-row header: its counts are read as the measures
``count / F``, ``count / M`` and ``count / All`` on each region's row; flattened by ``str`` they
are ``('count', 'F')``... A count's population is then its row's labels *and* its column
level. Round 34 matched a mean in another output to a count by the count's row labels alone:
the three counts of a row shared one key and matched nothing, so the counts the means give
back were never read. The researcher here hides the 2 x 2 block of counts (South's women are
few; the other three protect them) and prints the mean ages by region and sex in a long table;
the means give the block back.

Every expectation is enumerated here from the files' printed numbers (every whole completion
of the block with the margins and the means' relation on each line), never copied.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy

THRESHOLD = 10
POLICY = {"rules": {"small-count": {"threshold": THRESHOLD}}}
HIDDEN = "[c]"
# the true counts: South's women are 7 (the primary), the rest protect them
TRUE = {("North", "F"): 18, ("North", "M"): 22, ("South", "F"): 7, ("South", "M"): 25}
REGIONS, SEXES = ("North", "South", "All"), ("F", "M", "All")


def _people(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [(r, s, int(a)) for (r, s), n in TRUE.items() for a in rng.integers(20, 80, n)]
    return pd.DataFrame(rows, columns=["region", "sex", "age"])


def write_release(folder: Path, header: str, decimals: int, seed: int = 5
                  ) -> tuple[dict[tuple[str, str], str], dict[tuple[str, str], str]]:
    """The release as pandas writes it: the pivot's counts (``header``: ``two-row`` as
    ``to_csv`` writes its column levels, ``tuple`` flattened by ``str``), the 2 x 2 block
    hidden, in ``counts.csv``; the pivot's mean ages, rounded to ``decimals``, as a long table
    in ``means.csv``. Returns the printed counts and means by (region, sex)."""
    pivot = _people(seed).pivot_table(values="age", index="region", columns="sex",
                                      aggfunc=["count", "mean"], margins=True)
    counts = pivot[["count"]].astype(object)
    for r, s in TRUE:
        counts.loc[r, ("count", s)] = HIDDEN
    if header == "tuple":
        counts.columns = [str(c) for c in counts.columns]
    folder.mkdir()
    counts.to_csv(folder / "counts.csv")
    means = pd.DataFrame([(r, s, round(float(pivot.loc[r, ("mean", s)]), decimals))
                          for r in REGIONS for s in SEXES],
                         columns=["region", "sex", "mean_age"])
    means.to_csv(folder / "means.csv", index=False, float_format=f"%.{decimals}f")
    printed_counts = {(r, s): str(pivot.loc[r, ("count", s)]) if (r, s) not in TRUE
                      else HIDDEN for r in REGIONS for s in SEXES}
    printed_means = {(r, s): f"{float(pivot.loc[r, ('mean', s)]):.{decimals}f}"
                     for r in REGIONS for s in SEXES}
    return printed_counts, printed_means


def hidden_values(counts: dict[tuple[str, str], str], means: dict[tuple[str, str], str]
                  ) -> dict[tuple[str, str], set[int]]:
    """Each hidden count's values over every completion the files allow: whole counts, at
    least 1 (a mean is printed for each), every row and column adding up to its printed
    margin, and every line's margin mean its members' means weighted by their counts within
    the printing (half a unit of the last digit per mean, times its count)."""
    known = {k: int(v) for k, v in counts.items() if v != HIDDEN}
    mean = {k: (float(v), 0.5 * 10.0 ** -len(v.partition(".")[2])) for k, v in means.items()}
    lines = [[(r, s) for s in SEXES] for r in REGIONS] + [[(r, s) for r in REGIONS]
                                                           for s in SEXES]
    found: dict[tuple[str, str], set[int]] = {k: set() for k in TRUE}
    for women in range(1, known[("North", "All")]):
        n = dict(known)
        n[("North", "F")] = women
        n[("North", "M")] = known[("North", "All")] - women
        n[("South", "F")] = known[("All", "F")] - women
        n[("South", "M")] = known[("South", "All")] - n[("South", "F")]
        if any(n[k] < 1 for k in TRUE) or n[("All", "M")] != n[("North", "M")] + n[
                ("South", "M")]:
            continue
        if all(abs(sum(n[k] * mean[k][0] for k in line[:-1]) - n[line[-1]] * mean[line[-1]][0])
               <= sum(n[k] * mean[k][1] for k in line) + 1e-9 for line in lines):
            for k in TRUE:
                found[k].add(n[k])
    return found


def _cell(header: str, key: tuple[str, str]) -> str:
    """Where ``counts.csv`` prints a count: a two-row header and the index's name row above
    the data (row 4 on), or one header row (row 2 on); F, M, All in B, C, D."""
    first = 4 if header == "two-row" else 2
    return f"{'BCD'[SEXES.index(key[1])]}{first + REGIONS.index(key[0])}"


@pytest.mark.parametrize("header", ["two-row", "tuple"])
@pytest.mark.parametrize(("decimals", "seed"), [(2, 5), (0, 6)], ids=["exact", "whole-years"])
def test_a_pivots_counts_matched_to_means_in_another_output(
        tmp_path: Path, header: str, decimals: int, seed: int) -> None:
    """The means to two decimals give the block back (South's women 7: SDC101 and SDC501
    ``fail``); the twin, other ages printed to whole years, leaves South's women 1 to 16 (no
    finding on the counts)."""
    counts, means = write_release(tmp_path / "release", header, decimals, seed)
    values = hidden_values(counts, means)
    assert all(TRUE[k] in v for k, v in values.items())  # the truth is among them
    small = {("counts.csv", _cell(header, k)) for k, v in values.items()
             if v and max(v) < THRESHOLD}
    exact = {("counts.csv", _cell(header, k)) for k, v in values.items() if len(v) == 1}
    narrow = {("counts.csv", _cell(header, k)) for k, v in values.items()
              if len(v) > 1 and max(v) < THRESHOLD}
    if decimals:  # the case: South's women given back, 7
        assert values[("South", "F")] == {7} and small == {("counts.csv", _cell(header,
                                                                                ("South", "F")))}
    else:  # the twin: whole years leave every count of the block open, none small
        assert small == set() and exact == set() and narrow == set()
        assert values[("South", "F")] == set(range(1, 17))
    result = sdc.check(tmp_path / "release", build_policy(POLICY))
    got = {(f.location.path, f.location.cell) for f in result.findings
           if f.rule == "SDC101" and f.status.value == "fail"}
    assert got == small
    audit = {(f.rule, f.location.path, f.location.cell) for f in result.findings
             if f.rule in ("SDC501", "SDC502")}
    assert audit == {("SDC501", *k) for k in exact} | {("SDC502", *k) for k in narrow}
    assert result.status.value == ("fail" if decimals else "review")


@pytest.mark.parametrize(("name", "level"), [
    ("count / F", "F"), ("('count', 'F')", "F"), ('("count", "All")', "All"),
    ("count / 2020", "2020"),
    # ``groupby(["region", "sex"]).agg(["size", "mean"])``: the groups are its rows, the
    # second level names the statistic, no group
    ("age / size", None), ("('age', 'mean')", None), ("('age', 'count')", None),
    ("n", None), ("count / F / 2020", None)])
def test_which_names_carry_a_column_level(name: str, level: str | None) -> None:
    from sdc.mean_counts import _column_level

    assert _column_level(name) == level
