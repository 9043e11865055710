"""A release of many age-band × sex count tables, each its own population, none linked by
construction: how many tables get SDC402 (round 37, link37).

Why: hunt36's change that made a line's unpublished total (a table's sum over the rows it
prints) no longer part two tables linked too much: an unknown line total (a hidden cell on a
line with no total) was equated with another table's printed total though the two tables
print other age bands, and contradictions followed (SDC402 ``review`` on 37 of 200 tables at
the round-36 merge). Each table here prints a random 3-5 of six age bands by F/M, counts
0-59, the counts 1-9 printed as ``*``, every second table with a totals row.

Run: ``PYTHONPATH=. python -m benchmarks.link37_age_sex_release 200 [--seed 37]
[--jobs 1]``; prints the release's status, how many outputs are each status, and how many
tables have SDC402.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
from collections import Counter
from pathlib import Path

BANDS = ("0-17", "18-24", "25-34", "35-49", "50-64", "65+")


def write_release(root: Path, n_tables: int, seed: int) -> None:
    """``n_tables`` CSVs ``t000.csv``... under ``root`` (see the module's docstring)."""
    rng = random.Random(seed)
    for t in range(n_tables):
        bands = sorted(rng.sample(range(len(BANDS)), rng.randint(3, 5)))
        rows = [(BANDS[b], rng.randint(0, 59), rng.randint(0, 59)) for b in bands]
        lines = ["age_band,F,M"]
        lines += [f"{band},{_shown(f)},{_shown(m)}" for band, f, m in rows]
        if t % 2:
            lines.append(f"Total,{sum(r[1] for r in rows)},{sum(r[2] for r in rows)}")
        (root / f"t{t:03d}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _shown(count: int) -> str:
    return "*" if 1 <= count <= 9 else str(count)


def checked(root: Path, jobs: int) -> dict[str, object]:
    """The release's JSON report, as ``sdc check -f json`` writes it."""
    from sdc.engine import run
    from sdc.policy import build_policy

    result = run([root], build_policy({}), keep_models=False, jobs=jobs).result
    return json.loads(json.dumps(result.for_reports().to_dict(with_evidence=True)))


def summary(report: dict[str, object]) -> tuple[str, Counter[str], int]:
    """The release's status, the outputs' statuses counted, the tables with SDC402."""
    outputs = report["outputs"]
    assert isinstance(outputs, list)
    statuses = Counter(o["status"] for o in outputs)
    sdc402 = sum(1 for o in outputs if any(f["rule"] == "SDC402" for f in o.get("findings", [])))
    return str(report["status"]), statuses, sdc402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tables", type=int, nargs="?", default=200)
    parser.add_argument("--seed", type=int, default=37)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="link37-") as tmp:
        write_release(Path(tmp), args.tables, args.seed)
        status, statuses, sdc402 = summary(checked(Path(tmp), args.jobs))
    print(f"{args.tables} tables, seed {args.seed}, -j {args.jobs}: release {status}; "
          f"outputs {dict(sorted(statuses.items()))}; SDC402 on {sdc402} tables")


if __name__ == "__main__":
    main()
