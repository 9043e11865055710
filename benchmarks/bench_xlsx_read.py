"""Benchmark: the CPU of reading a long table as XLSX (issue 14 §3), this tree against another.

Round 45 found a 1 MiB long table (``bench_table_model.make_long``) read as XLSX at ~20× its
CSV's CPU. Workbooks of that table are written three ways: pandas' ``to_excel`` (``pd``),
openpyxl's ``Workbook.append`` (``op``) and openpyxl's with what an insider hides (``ex``: a
hidden row and column, two formulas, a comment, a hidden sheet, a constant defined name);
with ``--dialects`` (round 48) pandas' rewritten as Excel writes it (``xl``), as Excel with a
shared formula down column H (``xf``) and as LibreOffice (``lo``: ``benchmarks.xlsx_dialects``).
Each tree reads each workbook with ``engine.read_release`` in a fresh subprocess (imports and
a warm-up workbook read first, not counted), the trees alternating, ``--rounds`` times; the
CPU (user+sys of the read, ``time.process_time``) and a digest of the outputs' hidden items
and cells are printed, so the trees are shown to read the same.

Run on demand: ``python -m benchmarks.bench_xlsx_read --base /work/base46 [--mib 1 2.8]
[--rounds 3]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_CHILD = r"""
import hashlib, json, sys, time
from pathlib import Path
from sdc import engine
from sdc.policy import build_policy
policy = build_policy({})
files = [Path(f) for f in sys.argv[1:]]
engine.read_release([files[0]], policy)  # imports, caches
res = {}
for f in files[1:]:
    t = time.process_time()
    outs = engine.read_release([f], policy)[0]
    cpu = time.process_time() - t
    seen = [(o.path, o.sheet, o.kind, o.unreadable, [(h.what, h.cell, h.detail) for h in o.hidden],
             None if o.table is None else [[c.raw for c in r] for r in o.table.grid],
             [(t.name, t.text) for t in o.text]) for o in outs]
    digest = hashlib.sha256(repr(seen).encode()).hexdigest()[:12]
    res[f.name] = [round(cpu, 3), digest]
print(json.dumps(res))
"""


def make_books(folder: Path, mib: float, dialects: bool = False) -> list[Path]:
    """The long table of ``mib`` MiB as CSV, and as the three workbooks (and the three
    dialects of pandas', ``dialects``)."""
    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName

    from benchmarks.bench_table_model import make_long

    csv = folder / f"long{mib}.csv"
    make_long(csv, mib, seed=100)
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    frame["n"] = [int(v) if v.isdigit() else v for v in frame["n"]]
    frame["imd"] = frame["imd"].astype(int)
    frame["year"] = frame["year"].astype(int)
    books = [folder / f"pd{mib}.xlsx", folder / f"op{mib}.xlsx", folder / f"ex{mib}.xlsx"]
    frame.to_excel(books[0], index=False)
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append(list(row))
    wb.save(books[1])
    ws.row_dimensions[5].hidden = True
    ws.column_dimensions["F"].hidden = True
    ws["H2"] = "=G2+G3"
    ws["H3"] = "=SUM(G2:G4)"
    ws["B7"].comment = Comment("note 17", "me")
    hidden = wb.create_sheet("hid")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "secret"
    wb.defined_names["k"] = DefinedName("k", attr_text="42")
    wb.save(books[2])
    if dialects:
        from benchmarks.xlsx_dialects import rewrite

        for name, form in (("xl", "excel"), ("xf", "excel-formulas"), ("lo", "libre")):
            books.append(folder / f"{name}{mib}.xlsx")
            rewrite(books[0], books[-1], form)
    return books


def read_cpu(tree: Path, warm: Path, books: list[Path]) -> dict[str, list]:
    """Each book's read CPU and outputs' digest in a fresh process of ``tree``."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(warm), *map(str, books)],
                          cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin",
                                         "PYTHONDONTWRITEBYTECODE": "1"},
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--mib", type=float, nargs="+", default=[1.0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--dialects", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        books: list[Path] = []
        for mib in args.mib:
            books += make_books(folder, mib, args.dialects)
        (folder / "w").mkdir()
        warm = make_books(folder / "w", 0.01)[0]  # a small workbook read first
        for k in range(args.rounds):
            for name, tree in (("base", args.base), ("this", REPO)):
                print(k, name, json.dumps(read_cpu(tree, warm, books)), flush=True)


if __name__ == "__main__":
    main()
