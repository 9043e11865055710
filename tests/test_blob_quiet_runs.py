"""The blob search keeps the blocks that decoded to nothing from one file to the next
(``cell_text.QuietRuns``, issue 14 §3: a release's tables repeat their label runs) and finds
exactly what the plain search finds in every file: a run that found something is never kept,
nor one whose slice was passed over because an earlier run of the same file had decoded it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sdc.readers import cell_text
from sdc.readers.cell_text import QuietRuns, memo_key, split_blobs
from sdc.table import Grid, RawCell
from tests.test_blob_search_chunks import BLOB, _plain_split_blobs, _table, grids

# a blob cut into pieces of five: without its first piece it no longer decodes (misaligned)
BARE = BLOB.rstrip("=")
FIVES = [BARE[i:i + 5] for i in range(0, len(BARE), 5)]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(grids(), min_size=1, max_size=3), min_size=1, max_size=4))
def test_files_searched_one_after_another_find_what_the_plain_search_finds(
        files: list[list[Grid]]) -> None:
    quiet = QuietRuns()
    for grids_ in files:
        tables = [_table(g) for g in grids_]
        assert split_blobs(tables, quiet) == _plain_split_blobs(tables)


def _column(texts: list[str], col: int = 1) -> Grid:
    return Grid([[RawCell(r + 1, col, t)] for r, t in enumerate(texts)])


def test_labels_decoded_once_are_quiet_and_passed_over_in_the_next_file() -> None:
    labels = _column(["condition", *["Asthma", "Diabetes", "Dementia", "Cancer"] * 5])
    quiet = QuietRuns()
    assert split_blobs([_table(labels)], quiet) == []
    assert len(quiet) == 1
    run = next(cell_text._runs([_table(labels)]))
    assert run.key is None and memo_key(run.block) in quiet
    assert list(cell_text._runs([_table(labels)], set(), quiet)) == []  # not given again


def test_a_run_that_found_something_is_never_quiet() -> None:
    blob = _column(["note", *FIVES])
    quiet = QuietRuns()
    for _ in range(3):
        found = split_blobs([_table(blob)], quiet)
        assert [h.cell for _, hidden, _ in found for h in hidden] == ["A2"]
        assert len(quiet) == 0


def test_a_run_whose_slice_an_earlier_run_decoded_is_not_quiet() -> None:
    # column A: the blob's pieces (found); column C: the same pieces and a trailing piece,
    # whose slice without it is the blob, passed over as tried; column B breaks the rows
    n = len(FIVES)
    rows = [[RawCell(r + 1, 1, FIVES[r] if r < n else ""), RawCell(r + 1, 2, "North East"),
             RawCell(r + 1, 3, FIVES[r] if r < n else "Tai")] for r in range(n + 1)]
    quiet = QuietRuns()
    first = split_blobs([_table(Grid(rows))], quiet)
    assert [h.cell for _, hidden, _ in first for h in hidden] == ["A1"]
    # the next file holds only column C's run: its slice decodes there, and is found
    alone = _table(_column([*FIVES, "Tai"]))
    found = split_blobs([alone], quiet)
    assert found == _plain_split_blobs([alone])
    assert [h.cell for _, hidden, _ in found for h in hidden] == ["A1"]


def test_the_quiet_set_is_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cell_text, "QUIET_BUDGET", 10)
    quiet = QuietRuns()
    for key in ("abcd", "efgh", "ijkl"):
        quiet.add(key)
    assert len(quiet) == 1 and "ijkl" in quiet and "abcd" not in quiet
