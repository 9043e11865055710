"""Random releases checked against a previous release of the same population (round 40,
hunt40): the linear-programming oracle of ``tests/test_release_oracle.py`` with a ledger.

A population of sex (or region) × single ages near the cut (18-29, 30-63, 64, 65, 66+) is
printed twice: first cut ``18-64, 65+`` (or ``18-29, 30-64, 65+``), checked, and the tables
that pass are released through the ledger (submitted, approved twice, released); then cut
``18-65, 66+`` (or the other way round), checked with ``--ledger`` as ``sdc check --ledger``
does. Rows are split over one to three files, with a totals table now and then, and every
count from 1 to 9 hidden with one partner on its row, as the round-38 generator does. The
oracle asks what a reader of the released tables and the new ones that pass can compute:
a hidden count, or the difference of two nested bands (the 65 year olds), from 1 to 9 that
the published numbers pin, and that the released tables alone did not pin, is a wrong
``pass``. The generator outside the project (``/tmp/hunt40/fuzzp.py``, shape ``b``) is the
same code seed for seed; over seeds 0-39 main (9c2da0a) let 14 of 24 releases worth checking
through; the eleven seeds below are among them and pass here (5: two tables printing the
row ``18-29`` with other rows, each hiding other cells, one number agreeing: now linked
weakly, ``sdc.linking._exact_links``). Left (on main and here): 6 and 20, a hidden count given
back through a released band and a new one (the released tables take no part in the audit),
and 13, the ages a released ``30-64`` and ``65+`` leave out of a new ``Total`` (the union's
remainder, in one release too). Re-runs with one to nine patients
added or removed (the same tables again) gave none on main; a subgroup table checked against
the whole (a men-only table with ``population = { sex = "M" }``) is left (docs/decisions.md,
Round 40 (hunt40)).
"""

from __future__ import annotations

import random
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from sdc.engine import run
from sdc.ledger.db import open_ledger
from sdc.ledger.release import release
from sdc.ledger.requests import submit
from sdc.ledger.reviews import review as _review
from sdc.policy import build_policy

review = partial(_review, authenticated=True)

AGES = ((18, 30), (30, 64), (64, 65), (65, 66), (66, 200))
Cell = tuple[list[tuple], "int | None"]  # the atoms it counts, its printed value (None: hidden)
Table = tuple[str, list[tuple[str, dict[str, Cell]]]]


def _layout(rng: random.Random, labels: list[str]) -> dict:
    k = rng.randint(1, 3)
    order = labels[:]
    rng.shuffle(order)
    parts = []
    for i in range(k):
        part = order[i::k]
        extra = [r for r in labels if r not in part and rng.random() < 0.2]
        parts.append([r for r in labels if r in part or r in extra])
    return dict(parts=[p for p in parts if p], total_row=k == 1 and rng.random() < 0.7,
                by_total=rng.random() < 0.3, totals_only=k > 1 and rng.random() < 0.8)


def _tables(rng: random.Random, lay: dict, labels: list[str], members, cols: list[str],
            counts: dict) -> list[Table]:
    """The layout's tables, each count from 1 to 9 hidden with a partner on its row."""
    def row(label: str, columns: list[str]) -> tuple[str, dict[str, list[tuple]]]:
        return label, {c: members(label, c) for c in columns}

    shapes = [[row(r, [*cols, "Total"]) for r in part]
              + ([row("Total", [*cols, "Total"])] if lay["total_row"] else [])
              for part in lay["parts"]]
    if lay["by_total"]:
        shapes.append([row(r, ["Total"]) for r in labels] + [row("Total", ["Total"])])
    if lay["totals_only"]:
        shapes.append([row("Total", [*cols, "Total"])])
    out: list[Table] = []
    for rows in shapes:
        printed = []
        for label, cells in rows:
            values = {c: sum(counts[a] for a in m) for c, m in cells.items()}
            small = [c for c, v in values.items() if 1 <= v <= 9]
            partner = set()
            if small and len(values) > 1:
                partner.add(rng.choice([c for c in values if c not in small] or list(values)))
            printed.append((label, {c: (m, None if c in small or c in partner
                                        or rng.random() < 0.05 else values[c])
                                    for c, m in cells.items()}))
        out.append(("age", printed))
    return out


def _bands_moved(seed: int) -> tuple[dict, list[Table], list[Table]]:
    """The counts by atom, the previous release's tables and the new ones (fuzzp shape b)."""
    rng = random.Random(seed * 7 + ord("b"))
    other = rng.choice(["sex", "region"])
    cats = ["F", "M"] if other == "sex" else ["North", "South", "East", "West"][
        :rng.randint(2, 4)]
    counts = {(0, c, a): rng.choice([rng.randint(1, 9), rng.randint(10, 60),
                                     rng.randint(10, 60)]) for c in cats for a in AGES}
    two = rng.choice([2, 3]) == 2
    cut_old = [(18, 65), (65, 200)] if two else [(18, 30), (30, 65), (65, 200)]
    cut_new = [(18, 66), (66, 200)] if two else [(18, 30), (30, 66), (66, 200)]
    if rng.random() < 0.3:
        cut_old, cut_new = cut_new, cut_old
    made = []
    for cut in (cut_old, cut_new):
        band = {f"{lo}+" if hi == 200 else f"{lo}-{hi - 1}": (lo, hi) for lo, hi in cut}

        def members(label: str, col: str, band: dict = band) -> list[tuple]:
            return [(0, c, a) for c in (cats if col == "Total" else [col]) for a in AGES
                    if label == "Total" or (band[label][0] <= a[0] and a[1] <= band[label][1])]

        labels = list(band)
        made.append(_tables(rng, _layout(rng, labels), labels, members, cats, counts))
    return counts, made[0], made[1]


def _targets(tables: list[Table]) -> list[tuple[str, dict]]:
    """Each hidden cell, and each difference of two nested cells' populations."""
    found, sets = [], set()
    for _, rows in tables:
        for _, cells in rows:
            for members, value in cells.values():
                sets.add(tuple(sorted(members)))
                if value is None:
                    found.append((f"hidden {members}", dict.fromkeys(members, 1)))
    as_sets = [set(s) for s in sets]
    found += [(f"sliver {sorted(b - a)}", dict.fromkeys(b - a, 1))
              for a in as_sets for b in as_sets if a < b]
    return found


def _pinned(counts: dict, tables: list[Table], targets: list[tuple[str, dict]]) -> set[str]:
    """The targets from 1 to 9 that the printed numbers of ``tables`` pin (counts ≥ 0)."""
    keys = sorted(counts)
    index = {key: i for i, key in enumerate(keys)}
    rows, values = [], []
    for _, printed in tables:
        for _, cells in printed:
            for members, value in cells.values():
                if value is not None:
                    r = np.zeros(len(keys))
                    r[[index[m] for m in members]] = 1
                    rows.append(r)
                    values.append(value)
    bounds = dict(A_eq=np.array(rows) if rows else None,
                  b_eq=np.array(values) if rows else None,
                  bounds=[(0, None)] * len(keys), method="highs")
    found = set()
    for name, form in targets:
        if not 1 <= sum(w * counts[m] for m, w in form.items()) <= 9:
            continue
        objective = np.zeros(len(keys))
        for m, w in form.items():
            objective[index[m]] += w
        low, high = linprog(objective, **bounds), linprog(-objective, **bounds)
        if low.status == 0 and high.status == 0 and abs(low.fun + high.fun) < 1e-6:
            found.add(name)
    return found


def _write(root: Path, tables: list[Table], names: list[str]) -> None:
    root.mkdir(parents=True)
    for (dim, rows), name in zip(tables, names, strict=True):
        columns = list(rows[0][1])
        lines = [dim + "," + ",".join(columns)]
        lines += [label + "," + ",".join("*" if cells[c][1] is None else str(cells[c][1])
                                         for c in columns) for label, cells in rows]
        (root / name).write_text("\n".join(lines) + "\n")


def _statuses(root: Path, ledger=None) -> dict[str, str]:
    result = run([root], build_policy({}), ledger=ledger, jobs=1, keep_models=False).result
    return {o.path: o.status.value for o in result.outputs}


def _hidden_all(tables: list[Table], keep: list[bool]) -> list[Table]:
    return [t if k else (t[0], [(label, {c: (m, None) for c, (m, _) in cells.items()})
                                for label, cells in t[1]]) for t, k in zip(tables, keep,
                                                                            strict=True)]


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 5, 10, 14, 21, 23, 29, 34])
def test_moved_bands_against_a_released_cut_give_no_small_count_back(tmp_path: Path,
                                                                     seed: int) -> None:
    counts, old, new = _bands_moved(seed)
    targets = _targets(old + new)
    old_names = [f"old{t}.csv" for t in range(len(old))]
    _write(tmp_path / "old", old, old_names)
    passed_old = [_statuses(tmp_path / "old")[n] == "pass" for n in old_names]
    released = _hidden_all(old, passed_old)
    _write(tmp_path / "rel", [t for t, k in zip(old, passed_old, strict=True) if k],
           [n for n, k in zip(old_names, passed_old, strict=True) if k])
    ledger = open_ledger(str(tmp_path / "ledger.sqlite"))
    try:
        result = submit(ledger, tmp_path / "rel", author="alice", policy=build_policy({}))
        for name in ("bob", "carol"):
            review(ledger, result.request_id, reviewer=name, paths=result.outputs,
                   decision="approve", comment="fine")
        release(ledger, result.request_id, tmp_path / "rel-out", actor="dave")
        new_names = [f"t{t}.csv" for t in range(len(new))]
        _write(tmp_path / "new", new, new_names)
        statuses = _statuses(tmp_path / "new", ledger)
    finally:
        ledger.close()
    passed = [statuses[n] == "pass" for n in new_names]
    before = _pinned(counts, released, targets)
    assert _pinned(counts, released + _hidden_all(new, passed), targets) - before == set(), \
        (seed, statuses)
