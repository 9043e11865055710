"""Round 36 (hunt36): SDC502 says when the counts the means give back took part (oracle35
left it): a person then checks the means, as SDC501's message already asks.

oracle35's release (``tests/test_handbook_examples_means_audit_ranges.py``): North's mean
ages leave its women 17 to 19, and through the linked table's margins the young women 2 to
4: SDC502 ``fail`` at by_age.csv!D2. Its twin without means in the audit (the whole-years
twin leaves them 0 to 11: no finding) and a plain SDC502 (no means in the release) keep the
old text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sdc
from sdc.policy import build_policy
from tests.test_handbook_examples_means_audit_ranges import RANGED
from tests.test_handbook_examples_means_linked import LINKED_POLICY, linked_release

MEANS = " (its audit read the counts the means printed in the release give back)"


@pytest.mark.parametrize("split", [False, True], ids=["one-file", "across-files"])
def test_sdc502_names_the_means(tmp_path: Path, split: bool) -> None:
    folder = linked_release(tmp_path / "release", split, seed=RANGED[0], decimals=RANGED[1])
    result = sdc.check(folder, build_policy(LINKED_POLICY))
    found = [f for f in result.findings if f.rule == "SDC502"]
    assert [(f.location.path, f.location.cell) for f in found] == [("by_age.csv", "D2")]
    assert found[0].message == ("the suppressed count is known to lie in [2, 4], below the "
                                f"threshold 10{MEANS}")
    assert found[0].public_message == ("the suppressed count is known to be below the "
                                       f"threshold 10{MEANS}")


def test_a_plain_sdc502_says_nothing_of_means(tmp_path: Path) -> None:
    """No means in the release: the message as before (the twin)."""
    frame = pd.DataFrame({"F": ["*", "*", 40], "M": ["*", "*", 45], "Total": [3, 82, 85]},
                         index=pd.Index(["North", "South", "Total"], name="region"))
    frame.to_csv(tmp_path / "t.csv")
    result = sdc.check(tmp_path, build_policy({}))
    found = [(f.location.cell, f.message) for f in result.findings if f.rule == "SDC502"]
    assert found == [(cell, "the suppressed count is known to lie in [0, 3], below the "
                      "threshold 10") for cell in ("B2", "C2")]
