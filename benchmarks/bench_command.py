"""Benchmark: ``sdc check`` the command, not only ``sdc.check()`` (issue 14 §4, round 32).

Why: ``bench_scale`` times the library's check; the command a researcher runs also imports the
command line, prepares the result for the reports and writes the report, all in the parent
and serial, so its ``-j 2`` / ``-j 1`` ratio is below the library's. Each run here is
``python -m sdc check REL -j J -f F -o out`` in a fresh interpreter (``runpy``, as ``python -m``
runs it) on the release ``bench_scale --sizes N --linked ""`` makes (``make_small_release``),
for each format; ``text`` is the terminal report (rich) written to a file, and ``ci`` the
same with ``CI=true`` (value-free, as a CI log gets it). Figures: CPU of the process and its
workers (``RUSAGE_CHILDREN``), the peak RSS of the largest of them, and the parent's CPU by
phase: to the check (interpreter start, imports, options, policy), the check (``_run``),
between (the result prepared for the reports, the writer imported), the report, the end.

``--base TREE`` (a worktree of main) runs the same commands from that tree, alternating run
by run, and compares the report files of the two trees byte for byte. The command's ratio
``cpu(-j 1) / max(parent(-j 2), cpu(-j 2) / 2)`` is set beside the library's (the same runs
without the parent's time outside ``_run``). Wall seconds are printed but, on a shared
machine, are not a speed-up.

Run on demand: ``python -m benchmarks.bench_command [--outputs 1000] [--formats json,sarif,
junit,html,xlsx,text,ci] [--jobs 1,2] [--rounds 1] [--base /work/base] [--write TITLE]``.
"""

from __future__ import annotations

import argparse
import atexit
import filecmp
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    from benchmarks.results_md import machine_line, write_section
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
EXTENSION = {"json": "json", "sarif": "sarif", "junit": "xml", "html": "html", "xlsx": "xlsx",
             "text": "txt", "ci": "txt"}
PHASES = ("to the check", "check", "between", "report", "end")


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _one(figures: Path) -> None:
    """In the fresh process: run ``python -m sdc`` with sys.argv as given, marking the parent's
    CPU where the command enters and leaves the check and the report; at exit, write the
    figures to ``figures``."""
    marks: dict[str, float] = {}
    start = time.perf_counter()

    def done() -> None:
        marks["end"] = _self_cpu()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        own = resource.getrusage(resource.RUSAGE_SELF)
        figures.write_text(json.dumps({
            "marks": marks, "workers": children.ru_utime + children.ru_stime,
            "rss": max(own.ru_maxrss, children.ru_maxrss) / 1024,
            "wall": time.perf_counter() - start}))

    atexit.register(done)  # registered first: runs after the command's own exit hooks
    import sdc.cli.check as command

    run, write = command._run, command._write_report

    def timed_run(*args: object, **kwargs: object) -> object:
        marks["check from"] = _self_cpu()
        try:
            return run(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            marks["check to"] = _self_cpu()

    def timed_write(*args: object, **kwargs: object) -> None:
        marks["report from"] = _self_cpu()
        try:
            write(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            marks["report to"] = _self_cpu()

    command._run = timed_run  # type: ignore[assignment]
    command._write_report = timed_write  # type: ignore[assignment]
    import runpy

    runpy.run_module("sdc", run_name="__main__", alter_sys=True)


def run(tree: Path, release: Path, fmt: str, jobs: int, out_dir: Path) -> dict:
    """One command from ``tree``: its figures (CPU, RSS, the parent's phases)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    output = out_dir / f"report-j{jobs}.{EXTENSION[fmt]}"
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTHONPATH"}}
    env["PYTHONPATH"] = str(tree)
    if fmt == "ci":
        env["CI"] = "true"
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        figures = Path(tmp.name)
    args = [sys.executable, str(Path(__file__).resolve()), "--one", str(figures), "check",
            str(release), "-j", str(jobs), "-f", "text" if fmt == "ci" else fmt,
            "-o", str(output)]
    # the same working folder for both trees: the JSON report names the policy's path
    done = subprocess.run(args, cwd=release.parent, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{tree}: {' '.join(args)}\n{done.stderr[-3000:]}")
    got = json.loads(figures.read_text())
    figures.unlink()
    marks = got["marks"]
    phases = {"to the check": marks["check from"],
              "check": marks["check to"] - marks["check from"],
              "between": marks["report from"] - marks["check to"],
              "report": marks["report to"] - marks["report from"],
              "end": marks["end"] - marks["report to"]}
    parent = marks["end"]
    return {"cpu": parent + got["workers"], "parent": parent, "workers": got["workers"],
            "rss": got["rss"], "wall": got["wall"], "phases": phases, "output": str(output)}


def _ratio(one: dict, two: dict, *, library: bool) -> float:
    """``cpu(-j 1) / max(parent(-j 2), cpu(-j 2) / 2)``: the speed-up two idle cores allow;
    ``library``: without the parent's time outside the check (what ``bench_scale`` sees)."""
    outside_one = one["parent"] - one["phases"]["check"] if library else 0.0
    outside_two = two["parent"] - two["phases"]["check"] if library else 0.0
    return (one["cpu"] - outside_one) / max(two["parent"] - outside_two,
                                            (two["cpu"] - outside_two) / 2)


def measure(outputs: int, formats: list[str], jobs: list[int], rounds: int,
            base: Path | None, work: Path) -> tuple[list[tuple], dict[str, bool]]:
    sys.path.insert(0, str(REPO))
    from benchmarks.bench_scale import make_small_release

    release = work / "release"
    release.mkdir()
    make_small_release(release, outputs)
    trees = [("this tree", REPO)] + ([("base", base.resolve())] if base else [])
    rows = []
    same: dict[str, bool] = {}
    for round_ in range(1, rounds + 1):
        for fmt in formats:
            for j in jobs:
                for label, tree in (trees if round_ % 2 else trees[::-1]):
                    got = run(tree, release, fmt, j, work / label.replace(" ", "-") / fmt)
                    rows.append((round_, fmt, j, label, got))
                    print(f"round {round_} {fmt:6} -j {j} {label:10} cpu {got['cpu']:6.2f} s "
                          f"parent {got['parent']:6.2f} s rss {got['rss']:4.0f} MiB "
                          + " ".join(f"{k} {v:.2f}" for k, v in got["phases"].items()),
                          flush=True)
                if base is not None:
                    files = [Path(g["output"]) for r, f, jj, _, g in rows
                             if r == round_ and f == fmt and jj == j]
                    key = f"{fmt} -j {j}"
                    same[key] = same.get(key, True) and filecmp.cmp(*files[-2:], shallow=False)
    return rows, same


def table(rows: list[tuple], jobs: list[int]) -> str:
    lines = ["| format | tree | -j | CPU s | parent s | workers s | peak RSS MiB | "
             + " | ".join(f"{p} s" for p in PHASES) + " | wall s |",
             "|---|---|---:|---:|---:|---:|---:|" + "---:|" * len(PHASES) + "---:|"]
    for _, fmt, j, label, got in rows:
        lines.append(f"| {fmt} | {label} | {j} | {got['cpu']:.2f} | {got['parent']:.2f} | "
                     f"{got['workers']:.2f} | {got['rss']:.0f} | "
                     + " | ".join(f"{got['phases'][p]:.2f}" for p in PHASES)
                     + f" | {got['wall']:.1f} |")
    if 1 in jobs and 2 in jobs:
        lines += ["", "| format | tree | round | command -j2/-j1 (parent-bound) | library's "
                  "(same runs, without the parent outside `_run`) |", "|---|---|---:|---:|---:|"]
        for round_, fmt, j, label, got in rows:
            if j != 2:
                continue
            one = [g for r, f, jj, lab, g in rows
                   if r == round_ and f == fmt and jj == 1 and lab == label]
            if one:
                lines.append(f"| {fmt} | {label} | {round_} | "
                             f"{_ratio(one[0], got, library=False):.2f}× | "
                             f"{_ratio(one[0], got, library=True):.2f}× |")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        figures = Path(sys.argv[2])
        sys.argv = ["sdc", *sys.argv[3:]]
        _one(figures)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outputs", type=int, default=1000)
    parser.add_argument("--formats", default="json,sarif,junit,html,xlsx,text,ci")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--base", type=Path, help="another tree (a worktree of main)")
    parser.add_argument("--write", metavar="TITLE", help="a section of benchmarks/RESULTS.md")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    jobs = [int(j) for j in args.jobs.split(",")]
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        rows, same = measure(args.outputs, formats, jobs, args.rounds, args.base, Path(tmp))
    text = table(rows, jobs)
    if same:
        text += "\n\nReports byte-identical between the trees: " + ", ".join(
            f"{key} {'yes' if ok else '**no**'}" for key, ok in same.items())
    load_text = ", ".join(f"{a:.1f}→{b:.1f}" for a, b in zip(load, os.getloadavg(),
                                                            strict=True))
    print(text)
    print(f"load average start→end: {load_text}")
    if args.write:
        write_section(args.write, f"{machine_line()} Load average start→end: {load_text}.\n\n"
                                  f"`python -m benchmarks.bench_command --outputs "
                                  f"{args.outputs} --formats {args.formats} --jobs {args.jobs} "
                                  f"--rounds {args.rounds}`\n\n{text}\n")


if __name__ == "__main__":
    main()
