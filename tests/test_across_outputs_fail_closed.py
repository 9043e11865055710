"""The readings across outputs (a percentage's base, a change's count printed in another
output) run once per release: a bug in either makes every table SDC602 review naming the
step, never a crash or a pass on readings that did not run."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdc import engine, release_changes
from sdc.engine import check


def _broken(*args: object) -> None:
    raise RuntimeError("a bug")


# where the engine looks each step up (the changes' module is imported when first used)
@pytest.mark.parametrize(("where", "step", "doing"), [
    (engine, "use_release_bases", "look for its percentages' bases in the other outputs"),
    (release_changes, "use_release_changes",
     "read its changes against the counts of the other outputs"),
])
def test_a_broken_reading_across_outputs_is_review(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   where: object, step: str,
                                                   doing: str) -> None:
    (tmp_path / "deaths.csv").write_text("Region,Deaths\nNorth,30\nSouth,40\n",
                                         encoding="utf-8")
    monkeypatch.setattr(where, step, _broken)
    result = check([tmp_path])
    [output] = result.outputs
    assert output.status == "review"
    [finding] = output.findings
    assert finding.rule == "SDC602"
    assert f"sdc could not {doing} (RuntimeError: a bug)" in finding.message
