"""pandas' pivot of several aggregates, ``count / F, count / M, count / All``, read as a count
table of its levels (round 41, ledger41; ``sdc.level_counts_view.level_of``).

Such a table's count columns are read by the layout as one measure each, and the audit's lines
run along dimensions one measure at a time: no line joins a row's ``count / F`` and ``count /
M`` to its ``count / All``. Round 39's level view (``North n, …, Total n``) left the pandas
spelling out (the aggregate named first). With two hidden cells in North's row, one in
South's (its men printed) and one in East's (its women printed), the rows give South's and
East's hidden cells and then North's women (5): the table headed ``F, M, All`` is SDC501
``fail``; headed ``count / F`` (one line, two header lines, or pandas' flattened ``('count',
'F')``) it passed. Now the same findings; the twin hiding a 2 x 2 block passes both ways.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import release_modes

jobs = release_modes.jobs

ROWS = "North,*,*,45\nSouth,*,50,80\nEast,20,*,50\nAll,55,120,175\n"
TWIN = "North,*,*,45\nSouth,*,*,80\nEast,20,30,50\nAll,55,120,175\n"
HEADERS = {
    "plain": ("region,F,M,All\n", 2),
    "one line": ("region,count / F,count / M,count / All\n", 2),
    "two lines": (",count,count,count\nsex,F,M,All\nregion,,,\n", 4),
    "flattened": ("region,\"('count', 'F')\",\"('count', 'M')\",\"('count', 'All')\"\n", 2),
}


@pytest.mark.parametrize("header", list(HEADERS))
def test_a_row_line_across_the_levels(tmp_path: Path, jobs: int, header: str) -> None:
    """main: every spelling but the plain one passes, nothing found."""
    text, first = HEADERS[header]
    (tmp_path / "t.csv").write_text(text + ROWS)
    cells = {f"B{first}", f"C{first}", f"B{first + 1}", f"C{first + 2}"}
    assert release_modes.found(tmp_path, jobs) == (
        "fail", {"t.csv": "fail"}, {("t.csv", "SDC501", "fail", c) for c in cells})


@pytest.mark.parametrize("header", list(HEADERS))
def test_twin_a_hidden_block_passes(tmp_path: Path, jobs: int, header: str) -> None:
    text, _ = HEADERS[header]
    (tmp_path / "t.csv").write_text(text + TWIN)
    assert release_modes.found(tmp_path, jobs) == ("pass", {"t.csv": "pass"}, set())
