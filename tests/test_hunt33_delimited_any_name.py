"""Round 33 (hunt33): a delimited table under a name no table reader claims.

Two tables of one population, each safe alone (every printed count at least 10, the hidden
cells a rectangle), whose hidden rectangles differ: together North/F (4) is pinned. With the
second saved by pandas as ``b.txt`` (or ``.dat``, ``.log``, ``.md``, no extension) it was a
document a person reads (SDC602 ``review``), so ``a.csv`` was not linked with it and passed
on its own. A text that is a delimited table for certain is now read as the table it is, so
``a.csv`` fails at B2; prose with a comma per line stays a document."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.sniffing import is_delimited_table
from tests.test_hunt32_linked_only_modes import _table  # hunt32's linked pair, rows hidden


def _outcome(root: Path) -> tuple[str, dict[str, str], set[tuple[str, str, str, str | None]]]:
    result = sdc.check(root, build_policy({}))
    statuses = {o.path: o.status.value for o in result.outputs}
    found = {(o.path, f.rule, f.status.value, f.location.cell if f.location else None)
             for o in result.outputs for f in o.findings}
    return result.status.value, statuses, found


@pytest.mark.parametrize(("name", "sep"), [
    ("b.txt", ","), ("b.txt", "\t"), ("b.txt", ";"), ("b.dat", ","), ("b", ","),
    ("b.log", ","), ("b.md", ","), ("b.tex", ",")])
def test_a_table_saved_under_another_name_is_linked(tmp_path: Path, name: str,
                                                     sep: str) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")  # North and South hidden
    _table([0, 2]).to_csv(tmp_path / name, sep=sep)  # North and East hidden: South printed
    _, statuses, found = _outcome(tmp_path)
    assert statuses["a.csv"] == "fail"
    assert ("a.csv", "SDC501", "fail", "B2") in found  # North/F = 4, through b's South
    assert (name, "SDC501", "fail", "B2") in found


def test_the_safe_twin_passes(tmp_path: Path) -> None:
    _table([0, 1]).to_csv(tmp_path / "a.csv")
    _table([0, 1]).to_csv(tmp_path / "b.txt", sep="\t")  # the same rectangle hidden
    status, statuses, found = _outcome(tmp_path)
    assert (status, statuses, found) == ("pass", {"a.csv": "pass", "b.txt": "pass"}, set())


def test_prose_with_commas_stays_a_document(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("Note, see the table\nJohn Smith, 3 visits\n")
    status, _, found = _outcome(tmp_path)
    assert status == "review"
    assert found == {("notes.txt", "SDC602", "review", None)}


@pytest.mark.parametrize(("head", "whole", "table"), [
    (b"region,n\nNorth,3\n", True, True),
    (b"\"F\",\"M\"\n\"North\",4,59\n", True, True),  # R write.table: the header one short
    (b"region,n\nNorth,3\nSou", False, True),  # a cut last line is not judged
    (b"region,n\nNorth,3\nSouth,4,5\n", True, False),  # ragged
    (b"Table 1\nregion,n\nNorth,3\nSouth,4\nSource: HES\n", True, True),  # title, note
    (b"Table 1\nregion,n\n", True, False),  # a title and a header: no table
    (b"Deaths\nNorth,3\nSee the note\nSouth,4\n", True, False),  # a line amid the rows
    (b"region,n\nNorth,many\n", True, False),  # no number below the header
    (b"region,n\n", True, False),  # one line
    (b"<p>a,1</p>\n<p>b,2</p>\n", True, False),  # markup: a browser shows something else
    (b"a,\\textbf{1}\nb,2\n", True, False),  # a TeX command
    (b"| a | 1 |\n|---|---|\n", True, False),  # a Markdown pipe table is Markdown's
    (b"PK\x03\x04a,1\nb,2\n", True, False),  # not text
])
def test_the_sniff_is_strict(head: bytes, whole: bool, table: bool) -> None:
    assert is_delimited_table(head, whole) is table


def test_linked_alike_at_two_jobs_and_streamed(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Read in a worker (``-j 2``) or table by table (the stream): the same choice, the same
    link (the reader is chosen in ``read_file`` wherever it runs)."""
    import sdc.pool as pool
    import sdc.stream_read as stream_read
    from sdc.engine import run

    _table([0, 1]).to_csv(tmp_path / "a.csv")
    _table([0, 2]).to_csv(tmp_path / "b.txt")
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    for streamed in (False, True):
        monkeypatch.setattr(stream_read, "MIN_BYTES", 0 if streamed else 10 ** 15)
        for jobs in (1, 2):
            result = run([tmp_path], build_policy({}), keep_models=False, jobs=jobs).result
            found = {(f.location.path, f.rule, f.location.cell) for f in result.findings}
            assert ("a.csv", "SDC501", "B2") in found, (jobs, streamed)
