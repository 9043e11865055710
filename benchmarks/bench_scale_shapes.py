"""Benchmark: large outputs in the shapes a TRE really sees, checked by ``sdc check`` at two sizes,
so that a cost that grows faster than the rows shows as a growth above 1 (round 28: a label
series sorted once per label made 20,000 ``Area N`` rows cost 112 s of CPU).

Shapes (pandas / openpyxl / python-docx write them as real tools do): LSOA codes and names
(``E01000001``, ``City of London 001A``), MSOA codes and names (``Hartlepool 001``), GP practice
codes (``A81001``), a wide table of ``Week 1``..``Week 200`` and one of ages 0..100 (their rows a
tenth of the others', so a 20,000-row size stays 4 M cells at most), a long table of several
label columns, an HTML table and a docx table; CSV and XLSX where both are written.

Reports each shape's CPU per 1,000 rows at ``--small`` and ``--rows`` and the ratio (growth), one
fresh process per shape, size and tree (``resource.getrusage``); ``--compare COMMIT`` runs that
commit from a temporary worktree in the same run; ``--write`` puts the table in RESULTS.md.

Run on demand: ``python -m benchmarks.bench_scale_shapes [--rows 20000] [--small 2000]
[--shape NAME ...] [--compare main] [--write]``; ``--make DIR`` only writes the files.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

try:
    from benchmarks.results_md import machine_line, write_section
    from benchmarks.worktrees import remove_baseline, run_in_tree, versions
except ImportError:  # run as a script from the benchmarks folder
    from results_md import machine_line, write_section  # type: ignore[no-redef]
    from worktrees import remove_baseline, run_in_tree, versions  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parent.parent
PLACES = ["City of London", "Hartlepool", "Middlesbrough", "Redcar and Cleveland",
          "Stockton-on-Tees", "Darlington", "County Durham", "Northumberland",
          "Newcastle upon Tyne", "North Tyneside", "South Tyneside", "Sunderland",
          "Barking and Dagenham", "Barnet"]


def _counts(rows: int, cols: int, seed: int):
    import numpy as np

    return np.random.default_rng(seed).integers(10, 1000, size=(rows, cols))


def _lsoa(rows: int):
    import pandas as pd

    names = [f"{PLACES[(i // 40) % len(PLACES)]} {(i // 4) % 999 + 1:03d}{'ABCD'[i % 4]}"
             for i in range(rows)]
    frame = pd.DataFrame(_counts(rows, 3, rows), columns=["Persons", "Males", "Females"])
    frame.insert(0, "LSOA name", names)
    frame.insert(0, "LSOA code", [f"E01{i + 1:06d}" for i in range(rows)])
    return frame


def _areas(rows: int):
    """``Area 0``..``Area N-1`` by three counts, as a loop over areas writes it: one numbered
    series in the label column (the shape round 28 found sorted once per label)."""
    import pandas as pd

    return pd.DataFrame({"area": [f"Area {i}" for i in range(rows)],
                         **dict(zip(["A", "B", "C"], _counts(rows, 3, rows).T, strict=True))})


def _msoa(rows: int):
    import pandas as pd

    names = [f"{PLACES[(i // 30) % len(PLACES)]} {i % 999 + 1:03d}" for i in range(rows)]
    frame = pd.DataFrame(_counts(rows, 4, rows + 1), columns=["0-15", "16-64", "65+", "All"])
    frame.insert(0, "MSOA name", names)
    frame.insert(0, "MSOA code", [f"E02{i + 1:06d}" for i in range(rows)])
    return frame


def _practice(rows: int):
    import pandas as pd

    codes = [f"{'ABCDEFGHJKLMNPY'[(i // 1000) % 15]}{81 + (i // 100000)}{i % 1000 + 1:03d}"
             for i in range(rows)]
    frame = pd.DataFrame(_counts(rows, 3, rows + 2),
                         columns=["Registered patients", "Diabetes", "Asthma"])
    frame.insert(0, "Practice code", codes)
    return frame


def _weeks(rows: int):
    import pandas as pd

    rows = max(rows // 10, 1)
    frame = pd.DataFrame(_counts(rows, 200, rows + 3), columns=[f"Week {w}" for w in range(1, 201)])
    frame.insert(0, "Area", [f"E02{i + 1:06d}" for i in range(rows)])
    return frame


def _ages(rows: int):
    import pandas as pd

    rows = max(rows // 10, 1)
    frame = pd.DataFrame(_counts(rows, 101, rows + 4), columns=[str(a) for a in range(101)])
    frame.insert(0, "LSOA code", [f"E01{i + 1:06d}" for i in range(rows)])
    return frame


def _long(rows: int):
    import pandas as pd

    bands = ["0-4", "5-14", "15-24", "25-44", "45-64", "65-74", "75+"]
    frame = pd.DataFrame({
        "Region": [PLACES[(i // 140) % len(PLACES)] for i in range(rows)],
        "Year": [2010 + (i // 14) % 10 for i in range(rows)],
        "Sex": ["Male" if i % 2 else "Female" for i in range(rows)],
        "Age band": [bands[(i // 2) % 7] for i in range(rows)],
        "Count": _counts(rows, 1, rows + 5)[:, 0],
    })
    return frame


def _suppressed(rows: int):
    """LSOA counts with a Total column and row, small cells written as ``*`` (as a release
    suppressed by hand or by a script looks)."""
    import numpy as np
    import pandas as pd

    counts = np.random.default_rng(rows + 6).integers(0, 400, size=(rows, 3))
    frame = pd.DataFrame(counts, columns=["White", "Asian", "Other"])
    frame["Total"] = frame.sum(axis=1)
    frame.loc[rows] = frame.sum(axis=0)
    shown = frame.astype(object).where(frame >= 10, "*")
    shown.insert(0, "LSOA code", [f"E01{i + 1:06d}" for i in range(rows)] + ["Total"])
    return shown


def _subtotals(rows: int):
    """Region by age band, each region's block closed by its own ``Total`` row."""
    import numpy as np
    import pandas as pd

    bands = ["0-4", "5-14", "15-24", "25-44", "45-64", "65-74", "75+"]
    rng = np.random.default_rng(rows + 7)
    records = []
    for block in range(max(rows // 8, 1)):
        region = f"{PLACES[block % len(PLACES)]} {block // len(PLACES) + 1:03d}"
        values = rng.integers(10, 500, size=(7, 2))
        for band, (men, women) in zip(bands, values, strict=True):
            records.append((region, band, int(men), int(women)))
        records.append((region, "Total", int(values[:, 0].sum()), int(values[:, 1].sum())))
    return pd.DataFrame(records, columns=["Area", "Age band", "Men", "Women"])


def _write_indented(rows: int, path: Path) -> None:
    """Regions over their areas set in by the cell's indent (as ONS workbooks nest them), small
    counts shown as ``[c]``: 50 areas a region."""
    import numpy as np
    import openpyxl
    from openpyxl.styles import Alignment

    rng = np.random.default_rng(rows + 8)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Area", "Admissions", "Deaths"])
    for block in range(max(rows // 51, 1)):
        values = rng.integers(0, 300, size=(50, 2))
        sheet.append([f"Region {block + 1}", *(int(v) for v in values.sum(axis=0))])
        for i, pair in enumerate(values):
            sheet.append([f"{PLACES[i % len(PLACES)]} {block * 50 + i + 1:03d}",
                          *(int(v) if v >= 10 else "[c]" for v in pair)])
            sheet.cell(sheet.max_row, 1).alignment = Alignment(indent=1)
    book.save(path)


def _write_docx(frame, path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Table 1: counts by LSOA")
    table = document.add_table(rows=1, cols=len(frame.columns))
    for cell, name in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = str(name)
    for values in frame.itertuples(index=False):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = str(value)
    document.save(str(path))


FRAMES: dict[str, Callable[[int], object]] = {
    "areas": _areas, "lsoa": _lsoa, "msoa": _msoa, "practice": _practice, "weeks": _weeks,
    "ages": _ages, "long": _long, "suppressed": _suppressed, "subtotals": _subtotals}
# shape name -> (frame, writer kind)
SHAPES: dict[str, tuple[str, str]] = {
    "areas-csv": ("areas", "csv"), "areas-xlsx": ("areas", "xlsx"),
    "lsoa-csv": ("lsoa", "csv"), "lsoa-xlsx": ("lsoa", "xlsx"), "msoa-csv": ("msoa", "csv"),
    "msoa-xlsx": ("msoa", "xlsx"), "practice-csv": ("practice", "csv"),
    "practice-xlsx": ("practice", "xlsx"), "weeks-csv": ("weeks", "csv"),
    "weeks-xlsx": ("weeks", "xlsx"), "ages-csv": ("ages", "csv"), "ages-xlsx": ("ages", "xlsx"),
    "long-csv": ("long", "csv"), "long-xlsx": ("long", "xlsx"), "lsoa-html": ("lsoa", "html"),
    "lsoa-docx": ("lsoa", "docx"), "suppressed-csv": ("suppressed", "csv"),
    "suppressed-xlsx": ("suppressed", "xlsx"), "subtotals-csv": ("subtotals", "csv"),
    "subtotals-xlsx": ("subtotals", "xlsx"), "indented-xlsx": ("indented", "openpyxl")}
# the docx shape is checked at a tenth of the rows (python-docx writes slowly): 200 and 2,000
SCALE = {"lsoa-docx": 10}


def write_shape(folder: Path, shape: str, rows: int) -> Path:
    """One file of ``shape`` at ``rows`` rows in its own folder under ``folder``."""
    frame_name, kind = SHAPES[shape]
    out = folder / f"{shape}-{rows}"
    out.mkdir(parents=True, exist_ok=True)
    if kind == "openpyxl":
        _write_indented(rows, out / f"{frame_name}.xlsx")
        return out
    frame = FRAMES[frame_name](max(rows // SCALE.get(shape, 1), 1))
    path = out / f"{frame_name}.{kind}"
    if kind == "csv":
        frame.to_csv(path, index=False)  # type: ignore[attr-defined]
    elif kind == "xlsx":
        frame.to_excel(path, index=False)  # type: ignore[attr-defined]
    elif kind == "html":
        path.write_text("<html><body><h1>Counts by LSOA</h1>"
                        + frame.to_html(index=False)  # type: ignore[attr-defined]
                        + "</body></html>", encoding="utf-8")
    else:
        _write_docx(frame, path)
    return out


def one(folder: Path) -> dict:
    """``sdc check --format json -j 1`` on ``folder`` in this process: CPU seconds, findings."""
    from typer.testing import CliRunner

    from sdc.cli import app

    start = resource.getrusage(resource.RUSAGE_SELF)
    done = CliRunner().invoke(app, ["check", str(folder), "--format", "json", "-j", "1"])
    end = resource.getrusage(resource.RUSAGE_SELF)
    report = json.loads(done.stdout)
    return {"cpu": end.ru_utime - start.ru_utime + end.ru_stime - start.ru_stime,
            "findings": report["summary"]["findings"], "status": report["status"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", nargs=1)
    parser.add_argument("--make")
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--shape", action="append", choices=sorted(SHAPES))
    parser.add_argument("--compare")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one(Path(args.one[0]))))
        return 0
    shapes = args.shape or list(SHAPES)
    if args.make:
        for shape in shapes:
            for n in (args.small, args.rows):
                print(write_shape(Path(args.make), shape, n))
        return 0
    trees, base = versions(REPO, args.compare)
    lines = ["| shape | version | rows | CPU s | CPU per 1,000 rows | growth | findings |",
             "|---|---|---:|---:|---:|---:|---:|"]
    try:
        with tempfile.TemporaryDirectory() as name:
            for shape in shapes:
                folders = {n: write_shape(Path(name), shape, n) for n in (args.small, args.rows)}
                for label, tree in trees:
                    per = {}
                    for n, folder in folders.items():
                        got = run_in_tree(__file__, tree, str(folder))
                        if got is None:
                            return 1
                        per[n] = got["cpu"] / n * 1000
                        lines.append(f"| {shape} | {label} | {n:,} | {got['cpu']:.2f} | "
                                     f"{per[n]:.3f} | {per[n] / per[args.small]:.2f}x | "
                                     f"{got['findings']} |")
                        print(lines[-1], flush=True)
    finally:
        remove_baseline(REPO, base)
    body = "\n".join([
        machine_line(), "`sdc check --format json -j 1`, one fresh process per shape, size and "
        f"version; growth is CPU per row at {args.rows:,} against {args.small:,} rows (the wide "
        "`weeks`/`ages` shapes and `lsoa-docx` have a tenth of the rows; CPU per 1,000 rows "
        "counts the nominal rows). Includes start-up (~1 s), so a small size's per-row CPU is "
        "high and a growth well below 1 is that start-up spread.", "", *lines])
    print(body)
    if args.write:
        write_section("Round 28 (sweep28): large outputs in a TRE's shapes, CPU per row at "
                      f"{args.small:,} and {args.rows:,} rows", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
