"""Benchmark: a workbook's cells bounded before openpyxl loads it (issue 12 ch. 12, round 26).

Run on demand (not in the suite): ``python -m benchmarks.bench_xlsx_budget [--compare COMMIT]
[--only wide,far,legal] [--write]``. Cases, each checked with the default policy in a fresh
process per version (``bench_large.run``: CPU = user + system, peak RSS = what the check
added): (``wide``) 50 rows × 2,000 columns of numbers, over the column limit (1,000), which
the earlier version refused only after openpyxl had loaded it; (``far``) a 5 KB workbook with
two cells, A1 and ALL3000, whose used rectangle (3,000 × 1,000) the earlier version walked
cell by cell; (``legal``) ``bench_large``'s 99,000-row, 16-column row-level workbook, under
every limit, to show what counting its cells before the load costs a legal workbook.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import zipfile
from pathlib import Path

try:
    from benchmarks.bench_large import SHEET, _row, _size_mib, make_xlsx, run
    from benchmarks.results_md import finish
    from benchmarks.worktrees import remove_baseline, versions
except ImportError:  # run as a script from the benchmarks folder
    from bench_large import SHEET, _row, _size_mib, make_xlsx, run  # type: ignore[no-redef]
    from results_md import finish  # type: ignore[no-redef]
    from worktrees import remove_baseline, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _with_sheet(path: Path, body: str, dimension: str) -> None:
    """An openpyxl package whose one sheet is ``body`` (its ``sheetData``), as Excel writes."""
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}">'
           f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>')
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, xml.encode() if info.filename == SHEET
                         else src.read(info))


def make_wide(path: Path, rows: int = 50, cols: int = 2_000) -> None:
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(j) for j in range(1, cols + 1)]
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>{r * 7 + j}</v></c>'
                                              for j, c in enumerate(letters)) + "</row>"
                   for r in range(1, rows + 1))
    _with_sheet(path, body, f"A1:{letters[-1]}{rows}")


def make_far(path: Path) -> None:
    _with_sheet(path, '<row r="1"><c r="A1"><v>1</v></c></row>'
                '<row r="3000"><c r="ALL3000"><v>2</v></c></row>', "A1:ALL3000")


def _cases(tmp: Path, only: set[str]) -> list[tuple[str, Path]]:
    cases: list[tuple[str, Path]] = []
    if "wide" in only:
        make_wide(tmp / "wide.xlsx")
        cases.append(("50 rows × 2,000 columns (over the column limit)", tmp / "wide.xlsx"))
    if "far" in only:
        make_far(tmp / "far.xlsx")
        cases.append(("two cells, A1 and ALL3000 (a 3,000,000-cell rectangle)",
                      tmp / "far.xlsx"))
    if "legal" in only:
        make_xlsx(tmp / "legal.xlsx", 99_000, dimension=True)
        cases.append(("99,000 rows × 16 columns (legal: under every limit)",
                      tmp / "legal.xlsx"))
    return cases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", help="an earlier commit, run from a temporary worktree")
    parser.add_argument("--only", default="wide,far,legal")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    trees, base = versions(REPO, args.compare)
    load_start = os.getloadavg()
    lines = ["| workbook | MiB | version | pandas | sdc.check CPU (wall) | – | peak RSS | "
             "RSS / file | findings (rules; digest) |",
             "|---|---:|---|---:|---:|---:|---:|---:|---|"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for label, path in _cases(Path(tmp), set(args.only.split(","))):
                mib = _size_mib(path)
                for name, tree in trees:
                    lines.append(_row(label, mib, name, run(tree, path)))
                    print(lines[-1], flush=True)
    finally:
        remove_baseline(REPO, base)
    command = ("python -m benchmarks.bench_xlsx_budget --only " + args.only
               + (f" --compare {args.compare}" if args.compare else ""))
    finish("\n".join(lines), load_start, write=args.write, command=command,
           reading="read CPU times",
           title="A workbook's cells bounded before the load (issue 12 ch. 12, helper `budget`)")


if __name__ == "__main__":
    main()
