"""A sidecar's evidence is bound to a number printed in exponent notation by that number's own
rounding (issue 12, channel 6). pandas writes a mean of tiny rates as ``2.6e-05``; the binding
(``value_problem``) counted no decimals there and let the evidence be 0.5 away, so a sidecar
whose means are 0.26 (another table's, or ten thousand times the truth) described the file
and, under ``sidecar_evidence = "trust"``, passed it. Now the tolerance is half a unit of the
mantissa's last digit at the exponent's scale (``sdc.printed_precision.half_unit``): the
sidecar is not used (SDC602 ``review``); the API's own sidecar still binds (twin: ``pass``)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

import sdc
from sdc.policy import build_policy

TRUST = build_policy({"sidecar_evidence": "trust"})


def _rates(folder: Path) -> None:
    rng = np.random.default_rng(0)
    rows = [(r, s, float(v)) for r in ("North", "South") for s in ("F", "M")
            for v in rng.uniform(1e-5, 4e-5, 30)]
    frame = pd.DataFrame(rows, columns=["region", "sex", "rate"])
    folder.mkdir()
    table = sdc.crosstab(frame.region, frame.sex, values=frame.rate, aggfunc="mean")
    table.to_csv(folder / "t.csv")
    assert "e-05" in (folder / "t.csv").read_text()  # as pandas writes them


def test_the_apis_sidecar_binds_to_exponent_means(tmp_path: Path) -> None:
    _rates(tmp_path / "r")
    assert sdc.check(tmp_path / "r", TRUST).status.value == "pass"


def test_a_sidecar_of_other_means_does_not_describe_them(tmp_path: Path) -> None:
    _rates(tmp_path / "r")
    path = tmp_path / "r" / "t.csv.sdc.json"
    document = json.loads(path.read_text())
    for cell in document["cells"]:
        cell["total"] *= 10_000  # means of 0.26 beside 2.6e-05: another table's
    path.write_text(json.dumps(document))
    result = sdc.check(tmp_path / "r", TRUST)
    assert result.status.value == "review"
    assert any(f.rule == "SDC602" and "sidecar was not used" in f.message
               for f in result.findings)
