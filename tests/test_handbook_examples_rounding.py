"""The rounding examples of the ESSnet *Handbook on Statistical Disclosure Control* (sdcTools
edition, ch. 5.5 "Rounding"), rebuilt as the tables a researcher saves and checked with ``sdc
check`` under two readings of a rounding policy:

* a TRE's threshold 10 with every count rounded to base 5 (the threshold is on the count the
  rounding came from: a published 5 under conventional rounding stands for 3 to 7 people, all
  below 10, so it fails SDC101 whatever the rounding hid; OpenSAFELY redacts 7 or fewer before
  it rounds for the same reason);
* the handbook's own scheme, where rounding is the protection: a threshold of 3 (the smallest
  count conventional rounding to base 5 publishes as 5), so no rounded count is small; a
  rounded 0 may hide 1 or 2 people, so zeros stay SDC102 ``review`` (never ``pass``), and a
  line whose rounded cells exceed its rounded total stays SDC103 ``fail`` where a cell is
  read as all of it.

The population table (counts by area and sex, one unsafe male in Area A) is the handbook's;
each rounding is computed here with the method the chapter describes, never copied.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy

BASE = 5
AREAS = ["Area A", "Area B", "Area C"]
SEXES = ["Female", "Male"]  # pandas sorts the columns so
TOTAL = "Total"
# (area, sex) -> persons: the handbook's population table before any rounding
PERSONS = {("Area A", "Male"): 1, ("Area A", "Female"): 0,
           ("Area B", "Male"): 3, ("Area B", "Female"): 3,
           ("Area C", "Male"): 12, ("Area C", "Female"): 20}

THRESHOLD_10 = {"rules": {"small-count": {"threshold": 10},
                          "unrounded-count": {"base": BASE, "scheme": "nearest"}}}
ROUNDING_ONLY = {"rules": {"small-count": {"threshold": 3}, "zero-count": {"status": "review"},
                           "unrounded-count": {"base": BASE, "scheme": "nearest"}}}


def microdata() -> pd.DataFrame:
    """One row a person, as the researcher's extract holds them."""
    return pd.DataFrame([{"area": a, "sex": s} for (a, s), n in PERSONS.items()
                         for _ in range(n)])


def true_table() -> pd.DataFrame:
    """``pandas.crosstab(area, sex, margins=True, margins_name="Total")``."""
    data = microdata()
    return pd.crosstab(data.area, data.sex, margins=True, margins_name=TOTAL)


def nearest(n: int) -> int:
    """Conventional rounding: to the nearest multiple of the base, halves up."""
    return BASE * math.floor(n / BASE + 0.5)


def conventional(table: pd.DataFrame) -> pd.DataFrame:
    """Every cell, margins included, rounded on its own (totals need not add up)."""
    return table.map(nearest)


def controlled(table: pd.DataFrame) -> pd.DataFrame:
    """Zero-restricted controlled rounding: each inner count goes to an adjacent multiple of the
    base (a multiple stays), the margins are the sums of the rounded cells and must be adjacent
    multiples of the true margins too; of those, the one nearest the true table (least total
    absolute change, first in search order on ties)."""
    inner = table.loc[AREAS, SEXES]
    options = [sorted({BASE * (v // BASE), BASE * -(-v // BASE)}) for v in inner.to_numpy().ravel()]
    best, best_cost = None, math.inf
    for choice in itertools.product(*options):
        rounded = pd.DataFrame(list(zip(*[iter(choice)] * len(SEXES), strict=True)),
                               index=AREAS, columns=SEXES)
        full = rounded.copy()
        full[TOTAL] = rounded.sum(axis=1)
        full.loc[TOTAL] = full.sum(axis=0)
        true = table.loc[[*AREAS, TOTAL], [*SEXES, TOTAL]].to_numpy()
        if (abs(full.to_numpy() - true) >= BASE).any():
            continue
        cost = int(abs(full.to_numpy() - true).sum())
        if cost < best_cost:
            best, best_cost = full, cost
    assert best is not None
    best.index.name, best.columns.name = "area", "sex"
    return best


def check(table: pd.DataFrame, tmp_path: Path, policy: dict) -> sdc.RunResult:
    folder = tmp_path / "release"
    folder.mkdir(parents=True)
    table.to_csv(folder / "persons.csv")
    return sdc.check(folder, build_policy(policy))


def ref(area: str, sex: str) -> str:
    """Where ``to_csv`` puts the cell: one header line, the index in column A."""
    return f"{chr(ord('B') + [*SEXES, TOTAL].index(sex))}{[*AREAS, TOTAL].index(area) + 2}"


def cells(result: sdc.RunResult, rule: str) -> dict[str, str]:
    return {f.location.cell: f.status.value for f in result.findings if f.rule == rule}


def possible(v: int) -> range:
    """The true counts conventional rounding to the base publishes as ``v``."""
    return range(max(0, v - (BASE - 1) // 2), v + BASE // 2 + 1)


def expected_small(table: pd.DataFrame, threshold: int) -> set[str]:
    """Published counts every true count behind which is 1..threshold-1 (a 0 is SDC102's)."""
    return {ref(a, s) for a in [*AREAS, TOTAL] for s in [*SEXES, TOTAL]
            if table.loc[a, s] > 0 and all(n < threshold for n in possible(table.loc[a, s]))}


def zeros(table: pd.DataFrame) -> set[str]:
    """The zeros SDC102 flags: the inner ones and, since round 33, a total of zeros too (it
    adds nothing to them, but ACRO flags it and a checker looks for it there)."""
    return {ref(a, s) for a in [*AREAS, TOTAL] for s in [*SEXES, TOTAL]
            if table.loc[a, s] == 0}


def dominant(table: pd.DataFrame, threshold: int, share: float = 0.9) -> set[str]:
    """SDC103's reading of each row and column against its published total: a cell holding
    at least ``share`` of it, or leaving fewer than ``threshold`` to the others."""
    lines = [[(a, s) for s in SEXES] + [(a, TOTAL)] for a in [*AREAS, TOTAL]]
    lines += [[(a, s) for a in AREAS] + [(TOTAL, s)] for s in [*SEXES, TOTAL]]
    out = set()
    for *members, at_total in lines:
        total = table.loc[at_total]
        for at in members:
            v = table.loc[at]
            if total > 0 and v > 0 and (v / total >= share or total - v < threshold):
                out.add(ref(*at))
    return out


def test_unrounded_population_table_fails_the_rounding_and_the_threshold(tmp_path: Path) -> None:
    """ch. 5.5, the population table as counted: every count off the base is SDC401, and every
    count 1..9 is SDC101 under threshold 10."""
    table = true_table()
    result = check(table, tmp_path, THRESHOLD_10)
    assert cells(result, "SDC401") == {ref(a, s): "fail" for a in [*AREAS, TOTAL]
                                       for s in [*SEXES, TOTAL] if table.loc[a, s] % BASE}
    assert cells(result, "SDC101") == {ref(a, s): "fail" for a in [*AREAS, TOTAL]
                                       for s in [*SEXES, TOTAL] if 0 < table.loc[a, s] < 10}
    assert cells(result, "SDC101")[ref("Area A", "Male")] == "fail"  # the handbook's unsafe cell


def test_conventional_rounding_under_a_threshold_of_ten(tmp_path: Path) -> None:
    """ch. 5.5, conventional rounding to base 5: the unsafe male of Area A is rounded to 0 (and
    his area's total too); Area B's 3s and 6 become 5s, which stand for 3 to 7 people: below
    the threshold whatever the true count, so SDC101 fails them; the zeros (0 to 2 people)
    are SDC102. No count is off the base."""
    table = conventional(true_table())
    assert table.loc["Area A", "Male"] == 0 and table.loc["Area B", "Male"] == BASE
    result = check(table, tmp_path, THRESHOLD_10)
    small = expected_small(table, 10)
    assert small == {ref("Area B", s) for s in [*SEXES, TOTAL]}
    assert cells(result, "SDC101") == dict.fromkeys(small, "fail")
    assert cells(result, "SDC102") == dict.fromkeys(zeros(table), "fail")
    assert cells(result, "SDC103") == dict.fromkeys(dominant(table, 10), "fail")
    assert "SDC401" not in {f.rule for f in result.findings}
    assert result.outputs[0].status.value == "fail"


def test_conventional_rounding_as_the_only_protection(tmp_path: Path) -> None:
    """ch. 5.5, the handbook's reading: rounding protects the unsafe cell. With a threshold of
    3 (the smallest count published as 5) nothing is small; the rounded zeros may hide 1 or 2
    people, so they are SDC102 ``review``: the table is never a plain ``pass``."""
    table = conventional(true_table())
    result = check(table, tmp_path, ROUNDING_ONLY)
    assert expected_small(table, 3) == set()
    assert cells(result, "SDC101") == {}
    assert cells(result, "SDC102") == dict.fromkeys(zeros(table), "review")
    # Area B published 5, 5, total 5 (rounded on their own): each 5 is read as all of its
    # total, as in a multi-response table where it would be; the rule takes the total as
    # published, so it fails them (conservative, docs/decisions.md)
    assert dominant(table, 3) == {ref("Area B", s) for s in SEXES}
    assert cells(result, "SDC103") == dict.fromkeys(dominant(table, 3), "fail")
    assert {f.rule for f in result.findings} == {"SDC102", "SDC103"}


def test_controlled_rounding_is_additive_and_read_as_published(tmp_path: Path) -> None:
    """ch. 5.5, zero-restricted controlled rounding to base 5 (computed here by searching the
    adjacent multiples): the table adds up, so the audit has nothing to unpick (no SDC501/402);
    its 5s are small under threshold 10, nothing is under the rounding-only policy."""
    table = controlled(true_table())
    assert (table.loc[AREAS, SEXES].sum(axis=1) == table.loc[AREAS, TOTAL]).all()
    strict = check(table, tmp_path / "strict", THRESHOLD_10)
    assert cells(strict, "SDC101") == dict.fromkeys(expected_small(table, 10), "fail")
    assert expected_small(table, 10)  # the rounding publishes 5s
    assert cells(strict, "SDC102") == dict.fromkeys(zeros(table), "fail")
    assert cells(strict, "SDC103") == dict.fromkeys(dominant(table, 10), "fail")
    lenient = check(table, tmp_path / "lenient", ROUNDING_ONLY)
    assert cells(lenient, "SDC101") == {}
    assert cells(lenient, "SDC102") == dict.fromkeys(zeros(table), "review")
    assert cells(lenient, "SDC103") == dict.fromkeys(dominant(table, 3), "fail")
    for result in (strict, lenient):
        assert not {f.rule for f in result.findings} & {"SDC401", "SDC402", "SDC501", "SDC502"}


def unpicked(table: pd.DataFrame, rounded: pd.DataFrame) -> dict[str, range]:
    """Each inner count's true values left by its own rounding and its row's exact total:
    ``x`` publishes as ``nearest(x)`` and ``x = total - (the row's other true counts)``, each
    other count within what its own rounding allows."""
    out = {}
    for a in AREAS:
        for s in SEXES:
            others = [o for o in SEXES if o != s]
            low = table.loc[a, TOTAL] - sum(max(possible(rounded.loc[a, o])) for o in others)
            high = table.loc[a, TOTAL] - sum(min(possible(rounded.loc[a, o])) for o in others)
            out[ref(a, s)] = range(max(low, min(possible(rounded.loc[a, s]))),
                                   min(high, max(possible(rounded.loc[a, s]))) + 1)
    return out


def test_rounded_cells_beside_exact_totals_are_unpicked(tmp_path: Path) -> None:
    """ch. 5.5's warning: rounding protects only if the margins are rounded too. The inner
    counts rounded to base 5, the totals left as counted: each row's exact total narrows its
    cells' rounding intervals (Area B: two 5s, each 3..7 alone, and a total of 6 leave each
    exactly 3; Area A: 0 and 0 with a total of 1 leave each 0 or 1). Under the
    rounding-only policy the exact totals off the base are SDC401 ``fail`` at exactly those
    cells, so the table never passes; the rounded inner cells are not."""
    table = true_table()
    rounded = table.copy()
    rounded.loc[AREAS, SEXES] = table.loc[AREAS, SEXES].map(nearest)
    narrowed = unpicked(table, rounded)
    assert list(narrowed[ref("Area B", "Male")]) == list(narrowed[ref("Area B", "Female")]) \
        == [3]  # pinned: the rounding undone
    assert list(narrowed[ref("Area A", "Male")]) == [0, 1]
    assert all(len(narrowed[ref(a, s)]) < len(possible(rounded.loc[a, s]))
               for a in ("Area A", "Area B") for s in SEXES)
    result = check(rounded, tmp_path, ROUNDING_ONLY)
    off_base = {ref(a, s) for a in [*AREAS, TOTAL] for s in [*SEXES, TOTAL]
                if rounded.loc[a, s] % BASE}
    assert off_base == {ref(a, TOTAL) for a in [*AREAS, TOTAL]} | {
        ref(TOTAL, s) for s in SEXES}
    assert cells(result, "SDC401") == dict.fromkeys(off_base, "fail")
    assert result.outputs[0].status.value == "fail"
