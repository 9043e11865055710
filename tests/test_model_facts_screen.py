"""``attach_model_facts`` reads a ``Df Residuals:`` cell's neighbour as the model's residual
degrees of freedom; it now asks whether a cell holds a ``:`` before lowering and stripping it
(issue 14 §3: a pass over every cell of a large table). Held to the plain test on seeded random
tables written with the csv module and read by the real reader."""

from __future__ import annotations

import csv
import io
import itertools
import random
from pathlib import Path

import pytest

from sdc.readers import read_output
from sdc.table import Table
from tests.test_coverage import POLICY

# spellings that are the key (case, spaces, no-break spaces) and near misses that are not
KEYS = ["Df Residuals:", " df residuals: ", "DF RESIDUALS:", "\u00a0Df Residuals:\u00a0",
        "Df Residuals", "Df Residuals:x", "Df Residuals\uff1a", "Df Model:", "No. Observations:"]
OTHER = ["North", "12", "[c]", "", "3.5", "R-squared:", "0.25", "x:y", "Female"]


def _plain_dof(table: Table) -> list[float]:
    found = []
    for row in table.grid:
        for key, value in itertools.pairwise(row):
            if key.raw.strip().lower() == "df residuals:" and value.value is not None:
                found.append(float(value.value))
    return found


@pytest.mark.parametrize("seed", range(30))
def test_model_facts_match_the_plain_test(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    rows = [[rng.choice(KEYS + OTHER) if rng.random() < 0.4 else rng.choice(OTHER)
             for _ in range(rng.randint(2, 5))] for _ in range(rng.randint(3, 12))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "summary.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    outputs = read_output(path, "summary.csv", POLICY)
    table = outputs[0].table
    if table is None:
        return
    plain = _plain_dof(table)
    assert outputs[0].model_dof[:len(plain)] == plain


def test_a_statsmodels_block_written_cell_by_cell_gives_its_dof(tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    path.write_text("Dep. Variable:,y,R-squared:,0.25\nNo. Observations:,120,Df Model:,3\n"
                    " DF RESIDUALS: ,116,AIC:,300.1\n", encoding="utf-8")
    outputs = read_output(path, "summary.csv", POLICY)
    assert outputs[0].model_dof == [116.0]
    assert outputs[0].kind == "model"
