"""Seeded fuzz test of whole releases: no rule may raise on any output sdc can read.

Each release is one to four random small tables (CSV or XLSX) with random header words,
labels, totals, suppression markers, ``n (%)`` strings, titles and footnotes. Every enabled
rule is called directly, not through the engine's guard, so an exception the engine would turn
into an SDC602 "could not check" finding fails the test with the seed that produced it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sdc.context import CheckContext
from sdc.engine import read_release
from sdc.policy import build_policy
from sdc.rules import REGISTRY
from tests.conftest import write_files

RELEASES = 240
CHUNK = 20

_HEADER_WORDS = ["n", "count", "patients", "deaths", "%", "pct", "percent", "rate per 1,000",
                 "population", "mean", "mean_cost", "median", "sd", "min", "max", "youngest",
                 "oldest", "cumulative_cases", "time", "value", "total", "top1", "freq",
                 "estimate", "lower", "upper", "Type 1 diabetes", "2019", "Group A", "(n=120)",
                 "Female (n=80)", "", "person_years", "n_negative", "dob", "nhs_number"]
_LABELS = ["North", "South", "East", "West", "Total", "All", "Unknown", "18-24", "25-34",
           "65+", "2019", "2020", "Q1", "Q3", "min", "max", "median", "n", "count", "mean",
           "sd", "25%", "", "2020-01-06", "12/03/1981", "943 476 5919", "F", "M", "Total¹",
           "North (n=40)", "Week 3", "0-12 months"]
_SIDECARS = [
    "{",
    '{"schema": "sdc.evidence/1", "cells": [{"coords": {}, "n_units": "x"}]}',
    '{"schema": "sdc.evidence/1", "table": {}, "cells": [{"coords": {"region": "North"}, '
    '"n_units": 3, "top": [1e308, 1e308], "total": null, "n_negative": 1}]}',
    '{"schema": "sdc.evidence/1", "table": {"index": ["region"], "columns": []}, "cells": '
    '[{"coords": {"region": "North"}, "n_units": 0, "top": [], "total": 0, "all_same": true}]}',
    "[]",
]
_MARKERS = ["*", "[c]", "[x]", "<5", "..", "-", "", "REDACTED", "<10", "z"]


def _value(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return str(rng.choice([0, 1, 2, 3, 5, 7, 9, 10, 12, 25, 40, 100, 250, 1000, 12345]))
    if kind < 0.5:
        return f"{rng.uniform(0, 100):.{rng.choice([0, 1, 2])}f}"
    if kind < 0.58:
        return rng.choice(["0.0", "100.0", "100", "0", "50.0%", "2.5%", "97.5"])
    if kind < 0.7:
        return rng.choice(_MARKERS)
    if kind < 0.78:
        n = rng.choice([0, 1, 3, 12, 40, 340])
        return f"{n} ({rng.uniform(0, 100):.1f}%)" if rng.random() < 0.8 else f"{n}/{n + 20}"
    if kind < 0.84:
        return f"{rng.uniform(-1000, 1000):.3f}"
    if kind < 0.88:
        return rng.choice(["1e309", "nan", "inf", "-", "n/a", "1,234", "(12)", "£1,200",
                           "4010232137", "12,5", "−3", "1 234"])
    return str(rng.randint(0, 5000))


def _table(rng: random.Random) -> list[list[str]]:
    n_labels = rng.choice([0, 1, 1, 2, 3])
    n_measures = rng.choice([1, 1, 2, 3, 4])
    n_rows = rng.choice([1, 2, 3, 4, 6, 10, 35])
    rows: list[list[str]] = []
    for _ in range(rng.choice([0, 0, 1, 2])):
        rows.append([rng.choice(["Table 1: admissions by region", "Rate per 100,000 (n=2000)",
                                 "Cumulative deaths", "Mean length of stay", "NHS: 943 476 5919",
                                 "Source: HES"])])
    headers = [rng.choice(["region", "age", "yr", "grp", "statistic", "", "sex", "week"])
               for _ in range(n_labels)] + [rng.choice(_HEADER_WORDS) for _ in range(n_measures)]
    if rng.random() < 0.2 and n_measures > 1:  # a spanning header level above the header
        rows.append([""] * n_labels + [rng.choice(["Female", "Male", "Sex"])] * n_measures)
    rows.append(headers)
    for i in range(n_rows):
        label = [rng.choice(_LABELS) for _ in range(n_labels)]
        if i == n_rows - 1 and n_labels and rng.random() < 0.4:
            label[0] = rng.choice(["Total", "All", "Sum"])
        rows.append(label + [_value(rng) for _ in range(n_measures)])
    for _ in range(rng.choice([0, 0, 1])):
        rows.append([rng.choice(["Note: counts below 10 suppressed", "* suppressed",
                                 "Figures rounded to 5", "Source: the patient DOB 12/03/1981"])])
    if rng.random() < 0.1:
        rows = [list(col) for col in zip(*[r + [""] * (max(map(len, rows)) - len(r))
                                           for r in rows], strict=True)]  # transposed
    return rows


def _csv(rows: list[list[str]]) -> str:
    def quote(text: str) -> str:
        return f'"{text}"' if any(ch in text for ch in ',"\n') else text

    return "".join(",".join(quote(cell) for cell in row) + "\n" for row in rows)


def _workbook(rows: list[list[str]], rng: random.Random) -> dict:
    def typed(text: str) -> object:
        try:
            number = float(text)
        except ValueError:
            return text if text else None
        return number if number == number and abs(number) < 1e300 else text

    sheets = [{"title": "Sheet1", "rows": [[typed(c) for c in row] for row in rows]}]
    if rng.random() < 0.3:
        sheets.append({"title": "hidden", "rows": [["a", "n"], ["x", 3]], "state": "hidden"})
    return {"sheets": sheets}


def _release(seed: int) -> dict[str, str | dict]:
    rng = random.Random(seed)
    files: dict[str, str | dict] = {}
    for k in range(rng.choice([1, 1, 2, 3, 4])):
        rows = _table(rng)
        if rng.random() < 0.2:
            files[f"t{k}.xlsx"] = _workbook(rows, rng)
        else:
            files[f"t{k}.csv"] = _csv(rows)
    if rng.random() < 0.15:  # an evidence sidecar, often broken
        name = rng.choice(sorted(files))
        files[f"{name}.sdc.json"] = rng.choice(_SIDECARS)
    if rng.random() < 0.2 and len(files) > 1:
        first = sorted(files)[0]
        files["request.toml"] = (f'[[outputs]]\npath = "{first}"\n'
                                 'population = { sex = "F" }\n')
    return files


@pytest.mark.slow
@pytest.mark.parametrize("start", range(0, RELEASES, CHUNK))
def test_no_rule_raises_on_random_releases(start: int, tmp_path: Path) -> None:
    policy = build_policy({})
    rules = [cls(policy.params(cls)) for cls in REGISTRY.values() if policy.is_enabled(cls)]
    for seed in range(start, start + CHUNK):
        root = write_files(tmp_path / f"r{seed}", _release(seed))
        outputs, request, folder, _ = read_release([root], policy)
        ctx = CheckContext(policy=policy, root=folder,
                           request=request.request.model_dump(exclude_none=True), ledger=None)
        for rule in rules:
            try:
                if rule.scope == "output":
                    for output in outputs:
                        list(rule.check(output, ctx))
                else:
                    list(rule.check_release(outputs, ctx))
            except Exception as exc:  # pragma: no cover - the failure report
                raise AssertionError(f"{rule.code} raised on seed {seed}: "
                                     f"{type(exc).__name__}: {exc}") from exc
