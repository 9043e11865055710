"""Round 36 (hunt36): a table hiding cells beside a document whose numbers no rule checks.

hunt35 made a table whose hidden cells stay open ``review`` beside a file sdc read nothing
from. A document sdc reads but whose numbers no rule understands (SDC602: ``South: 51 women,
33 men`` in a note, a ``.txt`` no rule reads, a table in an HTML comment) was not counted:
its numbers never reached the audit, and ``a.csv``, whose hidden South it gives back (and
North/F = 4 through its margins), passed. Now ``a.csv`` gets one SDC501 ``review`` (no
cell) naming the document; the release was and stays ``review`` (the document's SDC602)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests import release_modes
from tests.release_modes import found as _found
from tests.test_hunt32_linked_only_modes import _table
from tests.test_hunt35_link_spellings import checked

jobs = release_modes.jobs  # the fixture its tests take: each mode

SOUTH = {
    "b.txt": "In the South, 51 women and 33 men took part.\n",
    "b.md": "# Results\n\nSouth: 51 women, 33 men.\n",
    "b.html": "<html><body><p>South: F 51, M 33</p></body></html>",
    "c.html": "<html><body><p>see</p><!-- <table><tr><td>South</td><td>51</td><td>33</td>"
              "</tr></table> --></body></html>",
}
OWN = {"c.html": {("c.html", "SDC605", "review", None)}}  # its comment: hidden content


@pytest.mark.parametrize("name", list(SOUTH))
def test_a_table_beside_a_document_of_unchecked_numbers_is_review(
        tmp_path: Path, jobs: int, name: str) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")  # North and South hidden
    (tmp_path / name).write_text(SOUTH[name])
    status, statuses, found = _found(tmp_path, jobs)
    assert (status, statuses) == ("review", {"a.csv": "review", name: "review"})
    assert found == {("a.csv", "SDC501", "review", None),
                     (name, "SDC602", "review", None)} | OWN.get(name, set())


def test_the_finding_names_the_document(tmp_path: Path) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    (tmp_path / "b.md").write_text(SOUTH["b.md"])
    report, _ = checked(tmp_path, 1)
    [finding] = [f for o in report["outputs"] if o["path"] == "a.csv" for f in o["findings"]]
    assert finding["message"] == (
        "its suppressed cells were audited without the numbers of b.md that sdc did not "
        "understand: if they are this table's cells or margins, they may give the suppressed "
        "cells back; a person must compare them")


def test_twin_a_document_whose_words_hold_no_number(tmp_path: Path, jobs: int) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    (tmp_path / "b.md").write_text("# Results\n\nSee the tables.\n")
    assert _found(tmp_path, jobs) == ("pass", {"a.csv": "pass", "b.md": "pass"}, set())


def test_twin_a_table_hiding_nothing(tmp_path: Path, jobs: int) -> None:
    pd.DataFrame({"F": [40, 51], "M": [59, 33]}, index=["North", "South"]).to_csv(
        tmp_path / "a.csv")
    (tmp_path / "b.md").write_text(SOUTH["b.md"])
    assert _found(tmp_path, jobs) == ("review", {"a.csv": "pass", "b.md": "review"},
                                      {("b.md", "SDC602", "review", None)})


# Round 37 (hunt37): numbers no rule checks in the table's own file are its SDC602's, once.
def _markdown(prose: str) -> str:
    return _table([0, 1]).to_markdown() + f"\n\n{prose}\n"


def test_numbers_in_the_tables_own_prose_are_its_documents_review_once(
        tmp_path: Path, jobs: int) -> None:
    """The note beside the table in one file: that file is ``review`` by SDC602, which names
    line 9 beside the table a person reads with it; no SDC501 on the same file besides."""
    (tmp_path / "t.md").write_text(_markdown("South: 51 women, 33 men."))
    status, _, found = _found(tmp_path, jobs)
    assert (status, found) == ("review", {("t.md", "SDC602", "review", None)})


def test_another_files_numbers_are_named_but_not_the_tables_own(tmp_path: Path,
                                                                 jobs: int) -> None:
    (tmp_path / "t.md").write_text(_markdown("South: 51 women, 33 men."))
    (tmp_path / "u.md").write_text(SOUTH["b.md"])
    report, _ = checked(tmp_path, jobs)
    found = [(o["path"], f["status"], f.get("location", {}).get("cell"), f["message"])
             for o in report["outputs"] for f in o["findings"] if f["rule"] == "SDC501"]
    assert found == [("t.md", "review", None,
                      "its suppressed cells were audited without the numbers of u.md that sdc "
                      "did not understand: if they are this table's cells or margins, they may "
                      "give the suppressed cells back; a person must compare them")]


def test_twin_the_tables_own_prose_holds_no_number(tmp_path: Path, jobs: int) -> None:
    (tmp_path / "t.md").write_text(_markdown("See the methods."))
    assert _found(tmp_path, jobs)[::2] == ("pass", set())
