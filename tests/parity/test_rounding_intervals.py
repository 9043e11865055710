"""The suppression audit of rounded tables: OpenSAFELY-style "redact counts of 7 or fewer,
then round to the nearest 5", margins included.

Each table is a random count cross-tabulation with its margins, processed as OpenSAFELY's
guidance says (every count, margins too: 7 or fewer redacted, the rest rounded to the nearest
5 from the true count) and written with pandas' ``to_csv``. The feasible interval of each
redacted cell is computed here independently, by linear programming (scipy's ``linprog``):
every line adds up to its margin, every count >= 0, and every published number ``v`` is
within the rounding of the true count, ``v - s .. v + s``, with ``s = 4`` for any rounding
that moves a count by less than one base (the policy's default ``scheme = "any"``, which the
opensafely profile keeps: random or controlled rounding too) and ``s = 2`` for rounding to the
nearest 5 (``scheme = "nearest"``: the tighter reading of an intruder who knows the rounding
is conventional). What the redaction itself says (a redacted count is 7 or fewer) is the
policy's own accepted disclosure and is not modelled, as sdc does not.

sdc must report SDC502 exactly at the redacted cells whose upper bound is below the
threshold (8 under the opensafely profile), with that interval, and SDC501 exactly where the
interval has no width.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import linprog

import sdc
from sdc.policy import build_policy

BASE = 5
THRESHOLD = 8  # opensafely: counts of 7 or fewer are redacted
REDACTED = "REDACTED"
SLACK = {"nearest": BASE // 2, "any": BASE - 1}


def opensafely(true: np.ndarray) -> list[list[float | None]]:
    """Redact counts of 7 or fewer, round the others to the nearest 5 (None: redacted)."""
    return [[None if v < THRESHOLD else float(BASE * round(v / BASE)) for v in row]
            for row in true]


def with_margins(inner: np.ndarray) -> np.ndarray:
    rows, cols = inner.shape
    full = np.zeros((rows + 1, cols + 1), dtype=int)
    full[:rows, :cols] = inner
    full[:rows, cols] = inner.sum(axis=1)
    full[rows, :] = full[:rows, :].sum(axis=0)
    return full


def intervals(published: list[list[float | None]], slack: int) -> dict[str, tuple[float, float]]:
    """Each redacted cell's [min, max] over the count tables that round to the published
    ones (within ``slack``) and add up along every line to the last row and column."""
    rows, cols = len(published), len(published[0])
    n = rows * cols
    bounds = [(0.0, None) if v is None else (max(v - slack, 0.0), v + slack)
              for row in published for v in row]
    equations = []
    for r in range(rows):
        line = np.zeros(n)
        line[r * cols: r * cols + cols - 1] = 1
        line[r * cols + cols - 1] = -1
        equations.append(line)
    for c in range(cols):
        line = np.zeros(n)
        line[[r * cols + c for r in range(rows - 1)]] = 1
        line[(rows - 1) * cols + c] = -1
        equations.append(line)
    a_eq, b_eq = np.array(equations), np.zeros(len(equations))
    found = {}
    for k in range(n):
        r, c = divmod(k, cols)
        if published[r][c] is not None:
            continue
        ends = []
        for sense in (1.0, -1.0):
            objective = np.zeros(n)
            objective[k] = sense
            solved = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            assert solved.status == 0
            ends.append(round(sense * solved.fun, 9))
        found[f"{chr(ord('B') + c)}{r + 2}"] = (ends[0], ends[1])
    return found


def write(folder: Path, published: list[list[float | None]]) -> None:
    rows, cols = len(published), len(published[0])
    frame = pd.DataFrame(
        [[REDACTED if v is None else int(v) for v in row] for row in published],
        index=pd.Index([*(f"group {chr(ord('a') + r)}" for r in range(rows - 1)), "Total"],
                       name="practice_group"),
        columns=[*(f"band {c}" for c in range(cols - 1)), "Total"])
    folder.mkdir()
    frame.to_csv(folder / "counts.csv")


def table(seed: int) -> np.ndarray:
    """Counts of a few to a few dozen, with one or two small cells so something is
    redacted."""
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(2, 4)), int(rng.integers(2, 5)))
    inner = rng.integers(0, 30, size=shape)
    for _ in range(int(rng.integers(1, 3))):
        inner[rng.integers(0, shape[0]), rng.integers(0, shape[1])] = rng.integers(1, 8)
    return with_margins(inner)


POLICIES = {"any": {"profile": "opensafely"},  # the default reading
            "nearest": {"rules": {"small-count": {"threshold": THRESHOLD},
                                  "unrounded-count": {"base": BASE, "scheme": "nearest"}}}}


@pytest.mark.parametrize("scheme", sorted(POLICIES))
@pytest.mark.parametrize("seed", range(10))
def test_redacted_cells_of_a_rounded_table(seed: int, scheme: str, tmp_path: Path) -> None:
    published = opensafely(table(seed))
    want = intervals(published, SLACK[scheme])
    write(tmp_path / "release", published)
    result = sdc.check(tmp_path / "release", build_policy(POLICIES[scheme]))
    narrow = {f.location.cell: f for f in result.findings if f.rule == "SDC502"}
    pinned = {f.location.cell: f for f in result.findings if f.rule == "SDC501"}
    assert set(pinned) == {at for at, (lo, hi) in want.items() if hi - lo < 1e-9}
    assert set(narrow) == {at for at, (lo, hi) in want.items()
                           if hi < THRESHOLD and hi - lo >= 1e-9}
    for at, finding in narrow.items():
        assert finding.evidence["interval"] == pytest.approx(list(want[at]), abs=1e-6)
    assert not [f for f in result.findings if f.rule in ("SDC401", "SDC402")]


def test_the_two_readings_differ_and_the_oracle_discriminates() -> None:
    """Rounding to the nearest 5 pins redacted cells more tightly than any rounding does:
    over the seeds some redacted cells are known small under one reading and not the other,
    and some under neither."""
    outcomes = set()
    for seed in range(10):
        published = opensafely(table(seed))
        near, wide = intervals(published, SLACK["nearest"]), intervals(published, SLACK["any"])
        for at in near:
            outcomes.add((near[at][1] < THRESHOLD, wide[at][1] < THRESHOLD))
    assert (True, False) in outcomes and (False, False) in outcomes


def test_a_worked_example_by_hand() -> None:
    """Row ``10, REDACTED, 20 | 30``. Nearest: the hidden count is at most (30+2) - (10-2) -
    (20-2) = 6 by its row; its column ``REDACTED, 30 | 35`` keeps it at least (35-2) - (30+2)
    = 1. Any rounding: at most (30+4) - (10-4) - (20-4) = 12, at least 0."""
    published = [[10.0, None, 20.0, 30.0], [25.0, 30.0, 15.0, 70.0],
                 [35.0, 35.0, 35.0, 100.0]]
    assert intervals(published, SLACK["nearest"])["C2"] == (1.0, 6.0)
    assert intervals(published, SLACK["any"])["C2"] == (0.0, 12.0)
