"""Benchmark: the release's change readings across outputs (pct2), their share of a check.

Worst case for ``sdc.release_changes``: a long table of about ``--mib`` MiB whose every row
holds a percentage change (``% change since 2022``) and a second file printing ``Deaths 2023``
at the same labels, so every change cell is matched and read against a count elsewhere. In
one process: the outputs are read, then ``sdc.check`` of the folder is timed (the baseline),
and ``use_release_changes`` over freshly read tables (their implied counts made first, as the
rules would) is timed alone; the figure kept is their ratio (CPU, best of ``--repeat``).
With ``--compare COMMIT`` the check of the same folder is also timed in a fresh process per
version (this one and ``COMMIT``'s, from a temporary worktree), alternating, ``--rounds``
times: the ratio of their CPU, and a digest of each version's findings.

Run on demand (not in the suite): ``python -m benchmarks.bench_release_changes [--mib 1]
[--repeat 3] [--compare COMMIT] [--rounds 2] [--write]``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.bench_table_model import AGES, CONDITIONS, REGIONS, YEARS
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.worktrees import alternate
except ImportError:  # run as a script from the benchmarks folder
    from bench_table_model import AGES, CONDITIONS, REGIONS, YEARS  # type: ignore[no-redef]
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from worktrees import alternate  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent


def make_pair(folder: Path, mib: float) -> int:
    """``deaths.csv`` and ``change.csv`` over the same labels; the number of rows."""
    rng = random.Random(7)
    deaths, change = ["region,age,condition,year,sex,Deaths 2023"], \
        ["region,age,condition,year,sex,% change since 2022"]
    size = 0
    for combo in itertools.product(REGIONS, AGES, CONDITIONS, YEARS, ["Female", "Male"]):
        label = ",".join(combo)
        deaths.append(f"{label},{rng.randint(20, 400)}")
        change.append(f"{label},{rng.uniform(-50, 80):.1f}")
        size += len(deaths[-1]) + len(change[-1])
        if size >= mib * 2**20:
            break
    (folder / "deaths.csv").write_text("\n".join(deaths) + "\n")
    (folder / "change.csv").write_text("\n".join(change) + "\n")
    return len(deaths) - 1


def _cpu(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def one(folder: Path, repeat: int) -> dict:
    """The check of ``folder`` with the ``sdc`` on the path: CPU (best of ``repeat``) and a
    digest of its findings (run in a fresh process by ``run_in_tree``)."""
    import sdc
    from sdc.policy import build_policy

    policy = build_policy({})
    results = []
    check_s = min(_cpu(lambda: results.append(sdc.check(folder, policy)))
                  for _ in range(repeat))
    found = sorted(f"{f.rule}|{f.status.value}|{f.location.path}|{f.location.cell}|{f.message}"
                   for f in results[-1].findings)
    return {"check_s": check_s, "findings": len(found),
            "digest": hashlib.sha256("\n".join(found).encode()).hexdigest()[:12]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--compare")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--one", nargs=2)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one[0]), int(args.one[1]))))
        return

    import sdc
    from sdc.derived_counts import implied_counts
    from sdc.policy import build_policy
    from sdc.readers import read_output
    from sdc.release_changes import use_release_changes

    policy = build_policy({})
    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = make_pair(folder, args.mib)
        check_s = min(_cpu(lambda: sdc.check(folder, policy)) for _ in range(args.repeat))
        times = []
        for _ in range(args.repeat):
            tables = [(f, o.table) for f in ("deaths.csv", "change.csv")
                      for o in read_output(folder / f, f, policy) if o.table is not None]
            for _, table in tables:
                implied_counts(table)
            times.append(_cpu(lambda t=tables: use_release_changes(t)))
        changes_s = min(times)
        rows_md = [f"| {run} | {label} | {got['check_s']:.2f} s | "
                   f"{got['findings']} ({got['digest']}) |"
                   for run, label, got in (alternate(__file__, REPO, args.compare, args.rounds,
                                                     str(folder), str(args.repeat))
                                           if args.compare else ())]
    body = (f"`python -m benchmarks.bench_release_changes --mib {args.mib}`; {machine_line()}\n\n"
            f"Two long tables of {rows} rows each (every row a change matched to a count in the "
            f"other file): `sdc.check` of the folder {check_s:.2f} s CPU; "
            f"`use_release_changes` alone {changes_s:.3f} s: "
            f"**{changes_s / check_s:.1%} of the check**.")
    body += f" Load average (1 min) {load_start:.1f} → {os.getloadavg()[0]:.1f}."
    if rows_md:
        body += ("\n\n| run | version | sdc.check CPU | findings (digest) |\n|---|---|---:|---|\n"
                 + "\n".join(rows_md))
    print(body)
    if args.write:
        write_section("Round 26 (pct2): change readings across outputs, worst case", body)


if __name__ == "__main__":
    main()
