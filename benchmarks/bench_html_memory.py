"""Benchmark: the peak memory and CPU of checking one HTML page, against its size, this version
against an earlier commit in the same run (issue 14 §3: a page's memory a small multiple of
its size; round 35, html35).

Run on demand: ``python -m benchmarks.bench_html_memory [--compare COMMIT] [--sizes 1 5]
[--shapes ...] [--rounds 1] [--write]``. Pages (pandas, seeded), each about ``--sizes`` MiB: a
``to_html`` table of 20 columns of counts (``plain``), the same through ``Styler.to_html``
(``styled``), five such tables under headings (``several``), tables of 40 rows nested in the
cells of an outer table (``nested``), and two halves of one table each in a cell of an outer
one (``wrapped``: the cell's text is the whole inner table's). Each check runs in a fresh
process with its tree's ``sdc`` first on the path (the earlier one from a temporary ``git
worktree``), the versions alternating; reported: the peak resident set of the process over
what it held after checking a page of 3 rows (``VmHWM``: lxml's tree is C memory, which
tracemalloc does not see), the CPU time of ``sdc.check`` (``time.process_time``) and a
digest of the findings (equal digests, same findings).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.worktrees import remove_baseline, run_in_tree, versions
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from worktrees import remove_baseline, run_in_tree, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
SHAPES = ("plain", "styled", "several", "nested", "wrapped")


def _frame(rows: int, seed: int = 1) -> object:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    return pd.DataFrame(rng.integers(10, 99_999, size=(rows, 20)),
                        columns=[f"c{i}" for i in range(20)],
                        index=[f"r{i}" for i in range(rows)])


def _html(shape: str, rows: int) -> str:
    if shape == "plain":
        return _frame(rows).to_html()  # type: ignore[attr-defined]
    if shape == "styled":
        return _frame(rows).style.to_html()  # type: ignore[attr-defined]
    if shape == "several":
        return "<html><body>" + "".join(f"<h2>Table {i}</h2>" + _frame(rows // 5, i)
                                        .to_html() for i in range(5)) + "</body></html>"
    if shape == "wrapped":  # two cells of an outer table, each holding half the rows
        return "<table>" + "".join(f"<tr><td>part {i}</td><td>{_frame(rows // 2, i).to_html()}"
                                   "</td></tr>" for i in range(2)) + "</table>"  # type: ignore
    inner = [_frame(40, i).to_html() for i in range(max(1, rows // 40))]  # type: ignore
    return "<table>" + "".join(f"<tr><td>part {i}</td><td>{t}</td></tr>"
                               for i, t in enumerate(inner)) + "</table>"


def make_page(path: Path, shape: str, mib: float) -> None:
    """A page of ``shape`` about ``mib`` MiB (its rows scaled from a 100-row probe)."""
    per_row = len(_html(shape, 200).encode()) / 200
    path.write_text(_html(shape, max(40, int(mib * 2**20 / per_row))))


def _hwm() -> float:
    with open("/proc/self/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    return int(fields["VmHWM"].split()[0]) / 1024


def _one(path_text: str) -> dict:
    """Check one page with the ``sdc`` on the path (run in a fresh process)."""
    import sdc
    from sdc.policy import build_policy

    policy = build_policy({})
    with tempfile.TemporaryDirectory() as tmp:  # warm: the modules a check imports
        Path(tmp, "page.html").write_text(_html("plain", 3))
        sdc.check(tmp, policy)
    before = _hwm()
    start = time.process_time()
    result = sdc.check(path_text, policy)
    cpu = time.process_time() - start
    found = [(o.path, f.rule, f.status.value, f.location.cell, f.message)
             for o in result.outputs for f in o.findings]
    digest = hashlib.sha256(json.dumps(found, default=str).encode()).hexdigest()[:12]
    return {"peak": _hwm() - before, "cpu": cpu, "findings": len(found), "digest": digest}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--compare")
    parser.add_argument("--sizes", type=float, nargs="+", default=[1.0, 5.0])
    parser.add_argument("--shapes", nargs="+", default=list(SHAPES), choices=SHAPES)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(_one(args.one)))
        return
    trees, base = versions(REPO, args.compare)
    loads = [" / ".join(f"{x:.1f}" for x in os.getloadavg())]
    results: dict[tuple[str, str], list[dict]] = {}
    sizes: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for shape in args.shapes:
                for mib in args.sizes:
                    label = f"{shape} {mib:g} MiB"
                    folder = Path(tmp) / label.replace(" ", "_")
                    folder.mkdir()
                    make_page(folder / "page.html", shape, mib)
                    sizes[label] = (folder / "page.html").stat().st_size / 2**20
                    for _ in range(args.rounds):
                        for name, tree in trees:  # alternating fresh processes
                            got = run_in_tree(__file__, tree, str(folder))
                            print(label, name, got, flush=True)
                            if got is not None:
                                results.setdefault((label, name), []).append(got)
            loads.append(" / ".join(f"{x:.1f}" for x in os.getloadavg()))
    finally:
        remove_baseline(REPO, base)
    table = ["| page | MiB | version | peak RSS over imports | × page | check CPU | "
             "findings (digest) |", "|---|---:|---|---:|---:|---:|---|"]
    for (label, name), got in results.items():
        peak = min(g["peak"] for g in got)
        digests = ", ".join(sorted({g["digest"] for g in got}))
        table.append(f"| {label} | {sizes[label]:.1f} | {name} | {peak:.0f} MiB | "
                     f"{peak / sizes[label]:.0f}× | {min(g['cpu'] for g in got):.1f} s | "
                     f"{got[0]['findings']} ({digests}) |")
    text = "\n".join(table)
    print(text)
    if args.write:
        body = (f"Command: `python -m benchmarks.bench_html_memory --sizes "
                f"{' '.join(f'{s:g}' for s in args.sizes)} --rounds {args.rounds}"
                + (f" --compare {args.compare}" if args.compare else "") + "`. "
                + machine_line() + f" Load average at the start and the end: "
                f"{'; '.join(loads)}. Peak: VmHWM of a fresh process less its VmHWM after "
                "the imports and a check of a 3-row page, smallest over the rounds; CPU: "
                "process time of one ``sdc.check``.\n\n" + text)
        write_section("HTML page memory (issue 14 §3, round 35)", body)


if __name__ == "__main__":
    main()
