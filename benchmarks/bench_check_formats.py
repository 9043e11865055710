"""Benchmark: a mixed-format release (CSV, XLSX, HTML, DOCX, LaTeX, Markdown, Stata logs) of
1,000 outputs — time per output by format, each beside a baseline that only parses the same
files in the same process (pandas' reader where pandas has one, python-docx for Word, reading
the text for the rest), so the ratio is what to compare on a noisy machine.

Run on demand: ``python benchmarks/bench_check_formats.py [--files 1000] [--write]``.
"""

from __future__ import annotations

import argparse
import io
import random
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import sdc
from sdc.policy import build_policy

try:
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.timing import timed
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from timing import timed  # type: ignore[no-redef]

AGES = ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"]


def _frame(rng: random.Random) -> pd.DataFrame:
    cols = rng.choice([["Female", "Male"], ["North", "South", "East", "West"]])
    rows = {c: [rng.choice([rng.randint(0, 9), rng.randint(10, 5000)]) for _ in AGES]
            for c in cols}
    return pd.DataFrame(rows, index=pd.Index(AGES, name="age_band"))


def _docx(df: pd.DataFrame) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Table 1: patients by age band")
    table = document.add_table(rows=len(df) + 1, cols=len(df.columns) + 1)
    for j, name in enumerate([df.index.name, *df.columns]):
        table.cell(0, j).text = str(name)
    for i, (label, row) in enumerate(df.iterrows(), start=1):
        for j, value in enumerate([label, *row.tolist()]):
            table.cell(i, j).text = str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _stata(df: pd.DataFrame) -> str:
    """``tabulate age_band group`` as Stata prints it: a Total column and row."""
    width = 12 * len(df.columns)
    rule = "-" * 11 + "+" + "-" * (width + 1) + "+" + "-" * 11
    lines = [". tabulate age_band group", "", f"{'':>11}|{'group':>{width}} |",
             f"{'age_band':>10} |" + "".join(f"{c:>12}" for c in df.columns) + " |"
             + f"{'Total':>11}", rule]
    for label, row in df.iterrows():
        values = row.tolist()
        lines.append(f"{label:>10} |" + "".join(f"{v:>12}" for v in values) + " |"
                     + f"{sum(values):>11}")
    totals = df.sum().tolist()
    lines += [rule, f"{'Total':>10} |" + "".join(f"{v:>12}" for v in totals) + " |"
              + f"{sum(totals):>11}"]
    return "\n".join(lines) + "\n"


WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    "csv": lambda df, p: df.to_csv(p),
    "xlsx": lambda df, p: df.to_excel(p),
    "html": lambda df, p: p.write_text(df.to_html()),
    "docx": lambda df, p: p.write_bytes(_docx(df)),
    "tex": lambda df, p: p.write_text(df.to_latex()),
    "md": lambda df, p: p.write_text(df.to_markdown()),
    "log": lambda df, p: p.write_text(_stata(df)),
}
BASELINES: dict[str, tuple[str, Callable[[Path], object]]] = {
    "csv": ("pandas.read_csv", pd.read_csv),
    "xlsx": ("pandas.read_excel", pd.read_excel),
    "html": ("pandas.read_html", lambda p: pd.read_html(io.StringIO(p.read_text()))),
    "docx": ("python-docx open", lambda p: __import__("docx").Document(str(p))),
    "tex": ("read the text", lambda p: p.read_text()),
    "md": ("read the text", lambda p: p.read_text()),
    "log": ("read the text", lambda p: p.read_text()),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    policy = build_policy({})
    rng = random.Random(1)
    per_format = args.files // len(WRITERS)
    lines = [f"- {per_format * len(WRITERS)} outputs, {per_format} per format (the same 8-row "
             "age-band tables written by pandas, python-docx and as Stata `tabulate` logs); "
             "default policy; one folder per format, then the whole mixed release.",
             "", "| format | sdc per output | baseline | baseline per output | ratio |",
             "|---|---:|---|---:|---:|"]
    with tempfile.TemporaryDirectory() as tmp:
        mixed = Path(tmp) / "mixed"
        mixed.mkdir()
        for fmt, write in WRITERS.items():
            folder = Path(tmp) / fmt
            folder.mkdir()
            for i in range(per_format):
                df = _frame(rng)
                write(df, folder / f"t{i:04d}.{fmt}")
                write(df, mixed / f"t{i:04d}.{fmt}")
            files = sorted(folder.iterdir())
            name, parse = BASELINES[fmt]
            base = timed(lambda files=files, parse=parse: [parse(f) for f in files])
            took = timed(lambda folder=folder: sdc.check(folder, policy))
            ratio = f"{took / base:.1f}×" if name != "read the text" else "—"
            lines.append(f"| {fmt} | {1000 * took / per_format:.1f} ms | {name} | "
                         f"{1000 * base / per_format:.2f} ms | {ratio} |")
        total = timed(lambda: sdc.check(mixed, policy))
    lines += ["", f"- The mixed release of {per_format * len(WRITERS)} outputs: {total:.1f} s "
              f"({1000 * total / (per_format * len(WRITERS)):.1f} ms per output).",
              f"- {machine_line()}"]
    print("\n".join(lines))
    if args.write:
        write_section("Checking a mixed-format release (issue 19)", "\n".join(lines))


if __name__ == "__main__":
    main()
