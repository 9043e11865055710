"""Benchmark: large outputs (issue 12 channel 12, issue 14 §3): CPU, wall and peak RSS of
``sdc.check`` on one large file, against ``pandas.read_csv`` of the same file in the same
process, this version and (``--compare COMMIT``) an earlier one.

Run on demand (not in the suite): ``python -m benchmarks.bench_large [--many 100]
[--rows 99000] [--xlsx-rows 150000] [--legal-xlsx-rows 99000]
[--only long,csv,many,many-clear,xlsx,legal-xlsx,cp1252] [--jobs N] [--compare COMMIT]
[--write]``. Cases: a 1 MiB long (tidy) count table; the 99,000-row row-level CSV of
``bench_large_files``; ``--many`` long tables of 1 MiB checked together (one folder, one
check; ``many-clear``: the same tables with nothing suppressed); a row-level XLSX of
``--xlsx-rows`` rows and 16 columns (about 18 MiB), over the
policy's row limit: it must be refused (SDC606) quickly, the CSV beside it still checked;
(``legal-xlsx``) the same workbook with ``--legal-xlsx-rows`` rows, under the limit; (``cp1252``)
the row-level CSV with an accented column, written in cp1252.

Each case runs in a fresh process per version (``PYTHONPATH`` = that version's tree, the
earlier one from a temporary ``git worktree``), so its peak RSS is its own: the peak resident
size during the check (``VmHWM``, reset before it) minus the resident size before it (after
imports and pandas' read). CPU is user + system of the process; the machine
is shared, so CPU is the figure to read and the load average is printed. The findings digest
(SHA-256 of every finding's rule, status, path, cell and message) shows that the versions find
the same. pandas' time is ``read_csv`` of the same CSV file(s), best of three, in the same
process, before the check. ``--jobs N`` checks with ``sdc check -j N``: CPU then adds the
workers' (children reaped after the check), and the peak RSS stays the checking process's own.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

try:
    from benchmarks.bench_large_files import make_csv
    from benchmarks.bench_table_model import make_long
    from benchmarks.results_md import finish
    from benchmarks.worktrees import remove_baseline, versions
except ImportError:  # run as a script from the benchmarks folder
    from bench_large_files import make_csv  # type: ignore[no-redef]
    from bench_table_model import make_long  # type: ignore[no-redef]
    from results_md import finish  # type: ignore[no-redef]
    from worktrees import remove_baseline, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
SHEET = "xl/worksheets/sheet1.xml"


def make_xlsx(path: Path, rows: int, cols: int = 14, seed: int = 4, *,
              dimension: bool = False) -> None:
    """A row-level workbook: openpyxl writes the package, its sheet then gets ``rows`` rows
    (an id, a sex code and ``cols`` random decimals) streamed in as Excel writes them, which
    takes seconds where openpyxl's own writer takes a minute. ``dimension``: the sheet starts
    with its ``<dimension>`` as Excel writes it (without it, openpyxl's read-only mode parses
    the whole sheet once to find it)."""
    import numpy as np
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "data"
    wb.active.append(["patient_id"])
    buf = io.BytesIO()
    wb.save(buf)
    rng = np.random.default_rng(seed)
    letters = [chr(65 + k) for k in range(cols + 2)]
    head = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{name}</t></is></c>' for c, name in
                   zip(letters, ["patient_id", "sex", *[f"x{k}" for k in range(cols)]],
                       strict=True))
    parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="'
             'http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             + (f'<dimension ref="A1:{letters[-1]}{rows + 1}"/>' if dimension else "")
             + f'<sheetData><row r="1">{head}</row>']
    for r in range(2, rows + 2):
        values = rng.random(cols).round(6)
        cells = "".join(f'<c r="{c}{r}"><v>{v!r}</v></c>' for c, v in
                        zip(letters[2:], values.tolist(), strict=True))
        parts.append(f'<row r="{r}"><c r="A{r}"><v>{100_000 + r}</v></c><c r="B{r}" '
                     f't="inlineStr"><is><t>{"FM"[r % 2]}</t></is></c>{cells}</row>')
    parts.append("</sheetData></worksheet>")
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, "".join(parts).encode() if info.filename == SHEET
                         else src.read(info))


def _status_mib(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process. ``ru_maxrss`` would not do: a
    child keeps its parent's peak across fork and exec."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # VmHWM := VmRSS (Linux)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one(path: Path, jobs: int = 1) -> dict:
    """Measure one check in this (fresh) process, with ``jobs`` processes."""
    import pandas as pd

    import sdc
    from sdc.policy import build_policy

    policy = build_policy({})
    csvs = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    csvs = [f for f in csvs if f.suffix == ".csv"]
    pandas_s = None
    if csvs and not any(f.suffix == ".xlsx" for f in path.glob("*")):
        runs = []
        for _ in range(3):
            start = _cpu()
            for f in csvs:
                pd.read_csv(f, encoding_errors="replace")  # cp1252: as UTF-8
            runs.append(_cpu() - start)
        pandas_s = min(runs)
    import gc
    import inspect

    gc.collect()
    _reset_peak()
    before = _status_mib("VmRSS")
    cpu, wall, children = _cpu(), time.perf_counter(), _children_cpu()
    # as ``sdc check`` runs it: each model let go once its audit systems are built (round 26),
    # where the version has that choice
    let_go = ({"keep_models": False}
              if "keep_models" in inspect.signature(sdc.check).parameters else {})
    result = (sdc.check(path, policy, jobs=jobs, **let_go) if jobs > 1
              else sdc.check(path, policy, **let_go))
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    peak = _status_mib("VmHWM") - before  # what the check added at its peak
    if jobs > 1:  # the workers' CPU: they exit after their pool, unwaited; reaped by now
        time.sleep(0.5)
        cpu += _children_cpu() - children
    found = [(f.rule, f.status.value, f.location.path, f.location.cell, f.message)
             for f in result.findings]
    return {"cpu": cpu, "wall": wall, "rss": max(0.0, peak), "pandas": pandas_s,
            "findings": len(found), "rules": sorted({f[0] for f in found}),
            "digest": hashlib.sha256(json.dumps(found).encode()).hexdigest()[:12],
            "sdc": str(Path(sdc.__file__).parent)}


def run(tree: Path, path: Path, jobs: int = 1) -> dict | None:
    env = dict(os.environ, PYTHONPATH=str(tree))
    cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(path), "--jobs",
           str(jobs)]
    done = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def _size_mib(path: Path) -> float:
    files = path.glob("*") if path.is_dir() else [path]
    return sum(f.stat().st_size for f in files) / 2**20


def _cases(tmp: Path, args: argparse.Namespace) -> list[tuple[str, Path]]:
    only = set(args.only.split(","))
    cases: list[tuple[str, Path]] = []
    if "long" in only:
        make_long(tmp / "long.csv", 1.0)
        cases.append(("1 MiB long count table", tmp / "long.csv"))
    if "csv" in only:
        make_csv(tmp / "cohort.csv", args.rows)
        cases.append((f"{args.rows:,}-row row-level CSV", tmp / "cohort.csv"))
    if "many" in only:
        folder = tmp / "many"
        folder.mkdir()
        for k in range(args.many):
            make_long(folder / f"table{k:03d}.csv", 1.0, seed=100 + k)
        cases.append((f"{args.many} long tables of 1 MiB (one check)", folder))
    if "many-clear" in only:  # the same with nothing suppressed: the audit needs no system
        folder = tmp / "many-clear"
        folder.mkdir()
        for k in range(args.many):
            make_long(folder / f"table{k:03d}.csv", 1.0, seed=100 + k, hidden=False)
        cases.append((f"{args.many} long tables of 1 MiB, nothing suppressed", folder))
    if "xlsx" in only:
        folder = tmp / "workbook"
        folder.mkdir()
        make_xlsx(folder / "cohort.xlsx", args.xlsx_rows)
        (folder / "small.csv").write_text("grp,n\na,3\nb,40\nc,45\n")
        cases.append((f"{args.xlsx_rows:,}-row XLSX (16 columns) + a small CSV", folder))
    if "legal-xlsx" in only:  # under the row limit: read, not refused (the row-level screen)
        make_xlsx(tmp / "legal.xlsx", args.legal_xlsx_rows, dimension=True)
        cases.append((f"{args.legal_xlsx_rows:,}-row XLSX (16 columns, under the limit)",
                      tmp / "legal.xlsx"))
    if "cp1252" in only:  # the row-level CSV with an accented column, in cp1252
        make_cp1252(tmp / "cp1252.csv", args.rows)
        cases.append((f"{args.rows:,}-row row-level CSV in cp1252", tmp / "cp1252.csv"))
    return cases


def make_cp1252(path: Path, rows: int) -> None:
    """``make_csv``'s file with a ward column of accented names, written in cp1252."""
    import numpy as np
    import pandas as pd

    make_csv(path, rows)
    frame = pd.read_csv(path, dtype=str)
    frame["ward"] = np.random.default_rng(5).choice(["Sélune", "Ærø", "Zürich", "Café"], rows)
    frame.to_csv(path, index=False, encoding="cp1252")


def _row(label: str, mib: float, name: str, got: dict | None) -> str:
    if got is None:
        return f"| {label} | {mib:.1f} | {name} | failed | | | | | |"
    pandas = f"{got['pandas']:.2f} s" if got["pandas"] is not None else "–"
    ratio = (f"{got['cpu'] / max(got['pandas'], 1e-3):.0f}×" if got["pandas"] is not None
             else "–")
    return (f"| {label} | {mib:.1f} | {name} | {pandas} | {got['cpu']:.2f} s "
            f"({got['wall']:.2f}) | {ratio} | {got['rss']:.0f} MiB | {got['rss'] / mib:.0f}× | "
            f"{got['findings']} ({', '.join(got['rules'])}; {got['digest']}) |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=99_000)
    parser.add_argument("--many", type=int, default=100)
    parser.add_argument("--xlsx-rows", type=int, default=150_000)
    parser.add_argument("--legal-xlsx-rows", type=int, default=99_000)
    parser.add_argument("--only", default="long,csv,many,xlsx",
                        help="also: legal-xlsx (a workbook under the row limit), cp1252, "
                        "many-clear (--many tables with nothing suppressed)")
    parser.add_argument("--compare", help="an earlier commit, run from a temporary worktree")
    parser.add_argument("--jobs", type=int, default=1, help="processes: sdc check -j N")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(Path(args.one), args.jobs)))
        return
    trees, base = versions(REPO, args.compare)
    load_start = os.getloadavg()
    lines = ["| output | MiB | version | pandas.read_csv | sdc.check CPU (wall) | CPU ratio | "
             "peak RSS | RSS / file | findings (rules; digest) |",
             "|---|---:|---|---:|---:|---:|---:|---:|---|"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for label, path in _cases(Path(tmp), args):
                mib = _size_mib(path)
                for name, tree in trees:
                    got = run(tree, path, args.jobs)
                    shown = name + (f", -j {args.jobs}" if args.jobs > 1 else "")
                    lines.append(_row(label, mib, shown, got))
                    print(lines[-1], flush=True)
    finally:
        remove_baseline(REPO, base)
    command = (f"python -m benchmarks.bench_large --many {args.many} --only {args.only}"
               + (f" --jobs {args.jobs}" if args.jobs > 1 else "")
               + (f" --compare {args.compare}" if args.compare else ""))
    finish("\n".join(lines), load_start, write=args.write, command=command,
           reading="read CPU times",
           title="Large outputs: CPU, wall and peak RSS against pandas.read_csv "
                 "(issue 12 ch. 12, issue 14 §3)")


if __name__ == "__main__":
    main()
