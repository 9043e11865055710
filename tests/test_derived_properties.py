"""Seeded properties: a table that gives away one small count through a percentage, an
``n (%)`` string or a cumulative step never ends in ``pass``, whatever its labels and layout."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from tests.conftest import write_files

CASES = 60
_LABELS = ["North", "South", "East", "West", "Midlands", "Wales", "Scotland", "London"]


def _rows(rng: random.Random, k: int) -> list[str]:
    return rng.sample(_LABELS, k)


def _part_of_n(rng: random.Random) -> str:
    labels = _rows(rng, rng.randint(2, 6))
    small = rng.randrange(len(labels))
    header = rng.choice(["pct_diabetic", "% smokers", "percent vaccinated", "% with asthma"])
    lines = [f"{rng.choice(['region', 'area', 'grp', ''])},{rng.choice(['n', 'N', 'count'])},"
             f"{header}"]
    for i, label in enumerate(labels):
        n = rng.randint(40, 900)
        count = rng.randint(1, 9) if i == small else rng.randint(10, n - 10)
        lines.append(f"{label},{n},{100 * count / n:.{rng.choice([1, 2])}f}")
    return "\n".join(lines) + "\n"


def _n_percent(rng: random.Random) -> str:
    labels = _rows(rng, rng.randint(2, 6))
    counts = [rng.randint(20, 400) for _ in labels]
    counts[rng.randrange(len(counts))] = rng.randint(1, 9)
    total = sum(counts)
    lines = [f"{rng.choice(['characteristic', 'region', ''])},{rng.choice(['n (%)', 'N (%)'])}"]
    lines += [f"{label},{n} ({100 * n / total:.1f}%)" for label, n in zip(labels, counts,
                                                                         strict=True)]
    return "\n".join(lines) + "\n"


def _cumulative(rng: random.Random) -> str:
    steps = [rng.randint(10, 80) for _ in range(rng.randint(3, 7))]
    steps[rng.randrange(1, len(steps))] = rng.randint(1, 9)
    header = rng.choice(["cumulative_cases", "Cumulative deaths", "cum_admissions",
                         "running total"])
    lines = [f"{rng.choice(['week', 'year', 'period'])},{header}"]
    total = 0
    for i, step in enumerate(steps):
        total += step
        lines.append(f"{2000 + i},{total}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("make", [_part_of_n, _n_percent, _cumulative])
def test_one_small_implied_count_never_passes(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    policy = build_policy({})
    for seed in range(CASES):
        rng = random.Random(seed)
        root = write_files(tmp_path / f"{make.__name__}{seed}", {"t.csv": make(rng)})
        result = sdc.check(root, policy)
        assert result.status.value == "fail", (seed, (root / "t.csv").read_text())
        assert any(f.rule == "SDC101" for f in result.findings), seed
