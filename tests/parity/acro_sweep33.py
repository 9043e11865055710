"""Round 33's ACRO 1.0.2 sessions: round 32's random tables and models, then what a researcher
does to the session before finalising it, and every way pandas saves a table alone (run under
ACRO's own interpreter; never imports sdc).

    python acro_sweep33.py ROOT SEED...

Each session is ``acro_sweep32.session`` (tables, models, survival tables and plots,
histograms, pies) followed by ``bookkeeping``: ``custom_output`` of files the researcher made
without ACRO (a count table as CSV, small or safe, whose truth is worked out here from the
microdata; a chart of it as PNG), ``add_comments`` and ``add_exception`` on outputs ACRO did not
pass, ``rename_output`` to a researcher's names and ``remove_output``; finalised to JSON.
Writes ROOT/s33-SEED (ACRO's folder), its ``.expected.json`` (as ``acro_session.py`` writes it,
with ``custom`` truth for custom outputs and, for each table, where each style below put each
flagged cell), ``.calls.json``, and ROOT/s33-SEED-plain: each table as pandas writes it
``to_csv`` (``UID.csv``), ``to_csv(index=False)`` (``UID-noindex.csv``), ``to_excel``
(``UID.xlsx``), ``to_markdown`` (``UID.md``) and ``to_html`` (``UID.html``); models',
pictures' and custom outputs' files copied from ACRO's folder. ``to_latex`` needs jinja2,
which ACRO's environment does not have: not written.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from acro_session import CHECK, _header_lines, _number, _ref
from acro_sweep32 import CALLS, microdata, session
from acro_sweeps import main, tables_of, write_sweep  # beside this script: its sys.path[0]

# a style: the file's tail and how pandas writes it
STYLES = ("csv", "noindex", "xlsx", "md", "html")
TRUTH: dict[str, str] = {}  # a custom output's file name: "disclosive" or "safe"


def bookkeeping(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Custom outputs, comments, exceptions, renames and removals, as a researcher makes them
    between the analyses and ``finalise``."""
    if rng.random() < 0.8:
        rows = "eth" if rng.random() < 0.5 else "sex"  # eth has a rare group
        table = pd.crosstab(df[rows], df["grp"])
        name = f"custom_{rows}_grp.csv"
        table.to_csv(name)
        small = bool((table.to_numpy() < 10).any())
        TRUTH[name] = "disclosive" if small else "safe"
        if acro.custom_output(name, "counts made by hand"):
            CALLS[f"output_{acro.results.output_id - 1}"] = f"custom_output {name}"
        if rng.random() < 0.5:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            ax = table.plot.bar()
            ax.figure.savefig("custom_chart.png")
            plt.close(ax.figure)
            TRUTH["custom_chart.png"] = TRUTH[name]
            if acro.custom_output("custom_chart.png"):
                CALLS[f"output_{acro.results.output_id - 1}"] = "custom_output custom_chart.png"
    keys = list(acro.results.results)
    for uid in keys:
        record = acro.results.results[uid]
        if record.output_type == "custom":
            continue
        draw = rng.random()
        if draw < 0.25:
            acro.add_comments(uid, f"see the methods note, part {int(rng.integers(1, 9))}")
        if record.status != "pass" and draw < 0.5:
            acro.add_exception(uid, "the small cells are structural; please release")
    for uid in keys:
        draw = rng.random()
        if draw < 0.08:
            acro.remove_output(uid)
            CALLS.pop(uid, None)
        elif draw < 0.25:
            new = f"{acro.results.results[uid].output_type.replace(' ', '_')}_{uid[7:]}"
            acro.rename_output(uid, new)
            if uid in CALLS:
                CALLS[new] = CALLS.pop(uid)


def _grid_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _grid_md(path: Path) -> list[list[str]]:
    """A pipe table's rows (the line under the header left out), cells stripped."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [[c.strip() for c in line.strip().strip("|").split("|")]
            for i, line in enumerate(lines) if i != 1]


class _Grid(HTMLParser):
    """An HTML table as a grid, each span spread over the cells it covers."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str | None]] = []
        self.spans: dict[tuple[int, int], str] = {}
        self.cell: list[str] | None = None
        self.size = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            a = dict(attrs)
            self.cell = []
            self.size = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ("td", "th") or self.cell is None:
            return
        r, row = len(self.rows) - 1, self.rows[-1]
        while (r, len(row)) in self.spans:
            row.append(self.spans.pop((r, len(row))))
        text = "".join(self.cell).strip()
        c = len(row)
        for dr in range(self.size[0]):
            for dc in range(self.size[1]):
                if dr == 0:
                    row.append(text)
                else:
                    self.spans[(r + dr, c + dc)] = text
        self.cell = None


def _grid_html(path: Path) -> list[list[str]]:
    parser = _Grid()
    parser.feed(path.read_text(encoding="utf-8"))
    return [[c or "" for c in row] for row in parser.rows]


def _shows(text: str, value: Any) -> bool:
    """The file's text is the table's value (NaN: blank or ``nan``)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text in ("", "nan", "NaN")
    try:  # to_markdown writes six significant digits
        return math.isclose(float(text), float(value), rel_tol=1e-5, abs_tol=1e-6)
    except (TypeError, ValueError):
        return text == str(value)


def located(table: pd.DataFrame, plain: Path, uid: str) -> dict[str, dict[str, str]]:
    """For each text style, each cell's reference in the file pandas wrote (``csv`` layout's
    reference: the style's), found by the table's shape and checked against the value the
    file shows there; a cell whose value is not there is left out (it stays unlocated)."""
    multi = isinstance(table.columns, pd.MultiIndex)
    named = any(n is not None for n in table.index.names)
    levels = table.index.nlevels
    top_csv = table.columns.nlevels + (1 if multi and named else 0)
    shapes = {  # style: (file, grid, lines above the data, label columns)
        "csv": (f"{uid}.csv", _grid_csv, top_csv, levels),
        "noindex": (f"{uid}-noindex.csv", _grid_csv, table.columns.nlevels, 0),
        "md": (f"{uid}.md", _grid_md, 1, 1),
        "html": (f"{uid}.html", _grid_html, table.columns.nlevels + (1 if named else 0),
                 levels)}
    return {style: cell_refs(table, reader(plain / name), top, left, top_csv, levels)
            for style, (name, reader, top, left) in shapes.items()}


def cell_refs(table: pd.DataFrame, grid: list[list[str]], top: int, left: int,
              csv_top: int, csv_left: int) -> dict[str, str]:
    """Each cell's reference in the ``csv`` layout (``csv_top`` lines above its data,
    ``csv_left`` label columns) -> its reference in ``grid`` (``top`` lines, ``left``
    columns), where the grid shows the cell's value there."""
    refs: dict[str, str] = {}
    for r in range(table.shape[0]):
        for c in range(table.shape[1]):
            row, col = top + r, left + c
            if row < len(grid) and col < len(grid[row]) and _shows(
                    grid[row][col], table.iat[r, c]):
                refs[_ref(csv_top + r + 1, csv_left + c + 1)] = _ref(row + 1, col + 1)
    return refs


def aligned_cells(table: pd.DataFrame, outcome: Any) -> list[dict[str, Any]] | None:
    """ACRO's flags on ``table``'s cells, its outcome read by the cells' labels. A
    ``pivot_table(sort=False)`` keeps its groups in the order met, but ACRO's outcome is built
    sorted: ``acro_session.expected`` pairs the two by position, which puts those flags on
    other cells. None: the labels are not the table's (the positional reading stands)."""
    if not isinstance(outcome, pd.DataFrame) or outcome.shape != table.shape:
        return None
    if outcome.index.equals(table.index) and outcome.columns.equals(table.columns):
        return None
    try:
        outcome = outcome.reindex(index=table.index, columns=table.columns)
    except (ValueError, TypeError, KeyError):
        return None
    if outcome.isna().all().all():
        return None
    top, left = _header_lines(table), table.index.nlevels
    cells = []
    for r in range(table.shape[0]):
        for c in range(table.shape[1]):
            blank, number = _number(table.iat[r, c])
            for check in CHECK.findall(str(outcome.iat[r, c])):
                ref = _ref(top + r + 1, left + c + 1)
                cells.append({"check": check, "ref": ref, "csv_ref": ref, "value": number,
                              "text": None if blank else str(table.iat[r, c]),
                              "blank": blank, "zero": number == 0})
    return cells


def write_plain(acro: Any, plain: Path) -> dict[str, Any]:
    """Each table ACRO made, saved each way a researcher saves it without ACRO; where each
    style put each cell."""
    plain.mkdir(parents=True)
    where: dict[str, Any] = {}
    for uid, table in tables_of(acro):
        table.to_csv(plain / f"{uid}.csv")
        table.to_csv(plain / f"{uid}-noindex.csv", index=False)
        table.to_excel(plain / f"{uid}.xlsx")
        (plain / f"{uid}.md").write_text(table.to_markdown(), encoding="utf-8")
        (plain / f"{uid}.html").write_text(table.to_html(), encoding="utf-8")
        where[uid] = {"styles": located(table, plain, uid),
                      "cells": aligned_cells(table, acro.results.results[uid].outcome)}
    return where


def write(root: Path, seed: int) -> None:
    from acro import ACRO

    target = root / f"s33-{seed}"
    rng = np.random.default_rng(seed)
    CALLS.clear()
    TRUTH.clear()
    where: dict[str, Any] = {}

    def run(acro: Any) -> None:
        df = microdata(rng)
        session(acro, df, rng)
        bookkeeping(acro, df, rng)
        where.update(write_plain(acro, Path(f"{target}-plain")))

    def noted(target: Path) -> None:
        """Where each style put each cell, a custom output's truth, each output's call."""
        stem = Path(f"{target}.expected.json")
        expected = json.loads(stem.read_text(encoding="utf-8"))
        for uid, entry in expected.items():
            if uid in where:
                entry["styles"] = where[uid]["styles"]
                if where[uid]["cells"] is not None:
                    entry["cells"], entry["aligned"] = where[uid]["cells"], True
            if entry["type"] == "custom":
                entry["truth"] = TRUTH.get(entry["files"][0] if entry["files"] else "",
                                           "unknown")
        stem.write_text(json.dumps(expected, indent=1), encoding="utf-8")
        Path(f"{target}.calls.json").write_text(json.dumps(CALLS, indent=1), encoding="utf-8")

    write_sweep(target, "json", ACRO, run, after=noted)


if __name__ == "__main__":
    sys.exit(main(sys.argv, __doc__, write))
