"""Benchmark: changes chained across a release (hunt18), their cost in a crowded release.

Worst case for ``sdc.change_chains``: ``Deaths 2023`` by ``--regions`` regions and, at the same
labels, ``--links`` outputs of ``% change since 2022`` and as many of ``Change in deaths 2021
to 2022``: every region has 2 x links links to walk (hunt16 walked none of these: a one-year
change and a percentage were no links). ``sdc.check`` of the folder is timed in a fresh
process per version (this one and ``--compare COMMIT``'s, from a temporary worktree),
alternating, ``--rounds`` times: CPU (best of ``--repeat``), the findings' count and
their digest.

``--years Y`` (hunt20: chains of up to eight links) adds, for each of the Y years back from
2023, ``--links`` outputs of ``Change in deaths {y-1} to {y}``: paths multiply by the links
at each year (``_MOST_STEPS`` bounds a walk).

Run on demand (not in the suite): ``python -m benchmarks.bench_change_chains [--regions 200]
[--links 6] [--years 0] [--compare main] [--rounds 2] [--write]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
from pathlib import Path

try:
    from benchmarks.bench_release_changes import one
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.worktrees import alternate
except ImportError:  # run as a script from the benchmarks folder
    from bench_release_changes import one  # type: ignore[no-redef]
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from worktrees import alternate  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent


def make_release(folder: Path, regions: int, links: int, years: int = 0) -> None:
    """The count file and ``links`` files of each kind of change over the same regions (and
    of each year's change back from 2023, ``years`` of them)."""
    rng = random.Random(1)
    names = [f"R{i}" for i in range(regions)]
    (folder / "deaths.csv").write_text(
        "Region,Deaths 2023\n" + "".join(f"{r},{rng.randint(100, 900)}\n" for r in names))
    for i in range(links):
        (folder / f"pct{i}.csv").write_text(
            f"Region,% change since 2022 ({i})\n"
            + "".join(f"{r},{rng.uniform(-40, 80):.1f}\n" for r in names))
        (folder / f"change{i}.csv").write_text(
            f"Region,Change in deaths 2021 to 2022 ({i})\n"
            + "".join(f"{r},{rng.randint(-50, 50):+d}\n" for r in names))
        for y in range(2023, 2023 - years, -1):
            (folder / f"year{y}_{i}.csv").write_text(
                f"Region,Change in deaths {y - 1} to {y} ({i})\n"
                + "".join(f"{r},{rng.randint(-50, 50):+d}\n" for r in names))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=200)
    parser.add_argument("--links", type=int, default=6)
    parser.add_argument("--years", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--compare")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--one", nargs=2)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one[0]), int(args.one[1]))))
        return
    load_start = os.getloadavg()[0]
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_release(folder, args.regions, args.links, args.years)
        for run, label, got in alternate(__file__, REPO, args.compare, args.rounds,
                                         str(folder), str(args.repeat)):
            rows.append(f"| {run} | {label} | {got['check_s']:.2f} s | "
                        f"{got['findings']} ({got['digest']}) |")
    years = f" --years {args.years}" if args.years else ""
    body = (f"`python -m benchmarks.bench_change_chains --regions {args.regions} --links "
            f"{args.links}{years}{' --compare ' + args.compare if args.compare else ''}`; "
            f"{machine_line()}\n\n"
            f"`Deaths 2023` by {args.regions} regions beside {args.links} outputs of `% change "
            f"since 2022` and {args.links} of `Change in deaths 2021 to 2022` (every region "
            f"{2 * args.links} links)"
            + (f", and {args.links} outputs of each year's change over {args.years} years "
               "back from 2023" if args.years else "")
            + f". Load average (1 min) {load_start:.1f} → "
            f"{os.getloadavg()[0]:.1f}: CPU time, not wall.\n\n"
            "| run | version | sdc.check CPU | findings (digest) |\n|---|---|---:|---|\n"
            + "\n".join(rows))
    print(body)
    if args.write:
        write_section("Round 28 (hunt20): changes chained across a crowded release"
                      + (f", {args.years} years of links" if args.years else ""), body)


if __name__ == "__main__":
    main()
