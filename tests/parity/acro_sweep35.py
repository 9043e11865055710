"""Round 35's ACRO 1.0.2 sessions: tables ACRO masked, saved alone with the mask a researcher
puts in the blanks, three-level keys in every style, and models' summaries saved as the
researcher saves them (run under ACRO's own interpreter; never imports sdc).

    python acro_sweep35.py ROOT VARIANT SEED...

VARIANT ``json``: a session drawn here, finalised to JSON and written as ``acro_sweep34.py``
writes round 34's (ROOT/s35-SEED, its ``.expected.json`` with each flagged cell's place in each
text style, ``.calls.json``, ROOT/s35-SEED-plain with each table saved alone five ways and
pickled for ``to_latex``). A third of the tables are made while ``enable_suppression()`` is on
(ACRO blanks each cell it flags and marks the table ``review``); every table is also saved with
its blanks written as a researcher masks them: ``*`` (ROOT/s35-SEED-star: ``UID.csv``,
``.xlsx``, ``.md``, ``.html``) and empty (ROOT/s35-SEED-blank: ``UID.md``, ``.html``; pandas
writes ``nan``/``NaN`` there). The
draws: counts with margins over two or three row levels or column levels (``dropna=False``
sometimes: rows of zeros), magnitude crosstabs of pay (``sum``, ``mean``, ``std`` or a list of
them) with margins, ``pivot_table`` of aggfunc lists over pay or a weight. The six regressions
on one to four records more than their parameters, or on all; each model's summary saved
alone (ROOT/s35-SEED-models): statsmodels' ``summary().as_text()`` (``UID.txt``),
``as_latex()`` (``UID.tex``), ``as_html()`` (``UID.html``) and the coefficient table alone
(``summary2().tables[1].to_csv()``, ``UID-coef.csv``).

VARIANT ``latex`` (the project's interpreter: ACRO's has no jinja2): each pickled table written
``to_latex`` as round 34 writes it, and masked (``-star/UID.tex``, ``-blank/UID.tex``), each
flagged cell located.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from acro_sweep32 import CALLS, microdata, noted
from acro_sweep33 import write_plain as write_plain33
from acro_sweep34 import NAMES, _written, latex_styles, pickled, unmitigated
from acro_sweeps import main, tables_of  # beside this script: its sys.path[0]

VARIANTS = ("json", "latex")
# a mask's styles: the style whose cells' places it shares, its folder's tail, the blank's text
MASKS = {"csv*": ("csv", "-star", "*"), "xlsx*": ("xlsx", "-star", "*"),
         "md*": ("md", "-star", "*"), "html*": ("html", "-star", "*"),
         "md_": ("md", "-blank", ""), "html_": ("html", "-blank", ""),
         "tex*": ("tex", "-star", "*"), "tex_": ("tex", "-blank", "")}
SUFFIX = {"csv": ".csv", "xlsx": ".xlsx", "md": ".md", "html": ".html", "tex": ".tex"}


def masked(table: pd.DataFrame, text: str) -> pd.DataFrame:
    """The table with each blank written as ``text``."""
    return table.astype(object).where(table.notna(), text)


def save(table: pd.DataFrame, path: Path) -> None:
    """``table`` saved by pandas as ``path``'s suffix says."""
    if path.suffix == ".csv":
        table.to_csv(path)
    elif path.suffix == ".xlsx":
        table.to_excel(path)
    else:
        writer = {".md": table.to_markdown, ".html": table.to_html, ".tex": table.to_latex}
        path.write_text(writer[path.suffix](), encoding="utf-8")


def write_masks(table: pd.DataFrame, target: Path, uid: str, tex: bool) -> None:
    """The table masked each way, each mask's files in a folder of their own (the same
    suppressed table saved eight ways in one folder costs sdc's release audit minutes)."""
    for base, tail, text in MASKS.values():
        if (base == "tex") == tex:
            folder = Path(f"{target}{tail}")
            folder.mkdir(exist_ok=True)
            save(masked(table, text), folder / f"{uid}{SUFFIX[base]}")


def tables(acro: Any, df: pd.DataFrame, rng: np.random.Generator) -> None:
    """Twelve to twenty tables, a third of them made under ACRO's suppression."""

    def pick(options: list[Any]) -> Any:
        return options[int(rng.integers(len(options)))]

    def keys(names: list[str]) -> Any:
        return [df[c] for c in names] if len(names) > 1 else df[names[0]]

    rows = [["area"], ["eth"], ["area", "sex"], ["area", "band", "grp"],
            ["eth", "sex", "smoker"], ["year", "area", "sex"]]
    cols = [["sex"], ["died"], ["grp"], ["sex", "grp"], ["sex", "grp", "died"]]
    for _ in range(int(rng.integers(12, 21))):
        index = pick(rows)
        columns = [c for c in pick(cols) if c not in index] or ["died"]
        if len(index) + len(columns) > 5:
            columns = columns[:1]
        prefix = ""
        if rng.random() < 0.35:
            acro.enable_suppression()
            prefix = "[suppress] "
        margins, name = bool(rng.random() < 0.8), pick(NAMES)
        kind = rng.random()
        if kind < 0.35:  # counts, sometimes with the empty combinations kept
            options: dict[str, Any] = {"dropna": bool(rng.random() < 0.4)}
        elif kind < 0.7:  # magnitudes of pay
            many = rng.random() < 0.4
            aggfunc = ([str(a) for a in rng.choice(["sum", "mean", "std"], 2, replace=False)]
                       if many else pick(["sum", "sum", "mean", "std"]))
            options = {"values": df.pay, "aggfunc": aggfunc}
            columns = columns[:2]
        else:  # pivot tables of aggfunc lists
            pivot = {"index": index if len(index) > 1 else index[0],
                     "columns": None if rng.random() < 0.25 else columns[:1],
                     "values": pick(["pay", "weight"]),
                     "aggfunc": [str(a) for a in rng.choice(
                         ["sum", "mean", "std", "count", "median"], 2, replace=False)],
                     "margins": margins, "margins_name": name}
            noted(acro, prefix + "pivot_table " + ", ".join(
                f"{k}={v}" for k, v in pivot.items()), acro.pivot_table, df, **pivot)
            unmitigated(acro)
            continue
        options.update(margins=margins, margins_name=name)
        shown = {k: "pay" if k == "values" else v for k, v in options.items()}
        noted(acro, f"{prefix}crosstab {index} x {columns} {shown}", acro.crosstab,
              keys(index), keys(columns), **options)
        unmitigated(acro)


def summaries(result: Any, folder: Path, uid: str) -> None:
    """A model's summary saved alone as a researcher saves it."""
    summary = result.summary()
    (folder / f"{uid}.txt").write_text(summary.as_text(), encoding="utf-8")
    (folder / f"{uid}.tex").write_text(summary.as_latex(), encoding="utf-8")
    (folder / f"{uid}.html").write_text(summary.as_html(), encoding="utf-8")
    result.summary2().tables[1].to_csv(folder / f"{uid}-coef.csv")


def models(acro: Any, df: pd.DataFrame, rng: np.random.Generator, folder: Path) -> None:
    """Each of ACRO's six regressions on one to four records more than its parameters (or,
    one time in three, on all), its summary saved alone."""
    import statsmodels.api as sm

    folder.mkdir(parents=True)
    formulas = {"olsr": [("pay ~ age + C(sex)", 3), ("pay ~ C(area)", 4)],
                "logitr": [("died ~ age + C(sex)", 3), ("died ~ age", 2)],
                "probitr": [("died ~ age + weight", 3)]}
    data = df.dropna(subset=["pay"]).sample(frac=1.0, random_state=int(rng.integers(1 << 30)))
    for name in ("ols", "olsr", "logit", "logitr", "probit", "probitr"):
        if rng.random() < 0.2:
            continue
        if name.endswith("r"):
            formula, params = formulas[name][int(rng.integers(len(formulas[name])))]
        else:
            formula, params = "", 3
        rows = data if rng.random() < 0.33 else data.head(params + int(rng.integers(1, 5)))
        kept: list[Any] = []

        def fit(*args: Any, call: Any = getattr(acro, name), into: list[Any] = kept,
                **kwargs: Any) -> None:
            into.append(call(*args, **kwargs))

        before = acro.results.output_id
        if formula:
            noted(acro, f"{name} {formula} on {len(rows)} records", fit, formula=formula,
                  data=rows)
        else:
            x = sm.add_constant(rows[["age", "weight"]].astype(float), has_constant="add")
            noted(acro, f"{name} on age, weight, {len(rows)} records", fit,
                  rows.pay if name == "ols" else rows.died, x)
        if kept and acro.results.output_id > before:
            summaries(kept[0], folder, f"output_{before}")


def write_json(root: Path, seed: int) -> None:
    from acro import ACRO

    target, rng = root / f"s35-{seed}", np.random.default_rng(seed)
    CALLS.clear()
    shutil.rmtree(f"{target}-tables", ignore_errors=True)
    for tail in ("-models", "-star", "-blank"):
        shutil.rmtree(f"{target}{tail}", ignore_errors=True)

    def draw(acro: Any) -> None:
        df = microdata(rng)
        tables(acro, df, rng)
        models(acro, df, rng, Path(f"{target}-models"))

    def plain(acro: Any, folder: Path) -> dict[str, Any]:
        pickled(acro, Path(f"{target}-tables"))
        where = write_plain33(acro, folder)
        for uid, table in tables_of(acro):
            write_masks(table, target, uid, tex=False)
            styles = where[uid]["styles"]
            styles.update({m: styles[base] for m, (base, _, _) in MASKS.items()
                           if base in styles})
        return where

    _written(target, ACRO, draw, plain)


def write_latex(root: Path, seed: int) -> None:
    """``to_latex`` of each table, plain and masked, its flagged cells located."""
    target = root / f"s35-{seed}"
    latex_styles(target)
    stem = Path(f"{target}.expected.json")
    expected = json.loads(stem.read_text(encoding="utf-8"))
    for pickle in sorted(Path(f"{target}-tables").glob("*.pkl")):
        write_masks(pd.read_pickle(pickle), target, pickle.stem, tex=True)
        styles = expected.get(pickle.stem, {}).get("styles", {})
        if "tex" in styles:
            styles.update({m: styles["tex"] for m, (base, _, _) in MASKS.items()
                           if base == "tex"})
    stem.write_text(json.dumps(expected, indent=1), encoding="utf-8")


def write(root: Path, variant: str, seed: int) -> None:
    {"json": write_json, "latex": write_latex}[variant](root, seed)


if __name__ == "__main__":
    sys.exit(main(sys.argv, __doc__, write, VARIANTS))
