"""What the parent does with a table taken where it was read (``sdc.stream_read``), made
light (round 31, wall31): at ``-j N`` it adds every taken table's systems to the audit's
build, one after another, on the read's critical path.

- A worker reads the table's exponent-notation cells off its model before it packs the
  systems (``SystemsBuild.packed``), as ``let_models_go`` does: the parent makes no cell
  from the stand-in's form to read them (it made every cell, ~0.06 s a 1 MiB long table).
- A worker's link keys are numbered as rows of codes (``link_columns.KeyRows``, from
  ``linking._recoded``), hashed in numpy, with no tuple made a key: each key gets the number
  its tuple gets, also where two keys share a hash (forced here).

The report is the one of the whole read, byte for byte.
"""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given, settings

import sdc.linking as linking
import sdc.pool as pool
from sdc import link_columns
from sdc.link_columns import KeyRows, LinkNumbers
from tests.conftest import write_files
from tests.test_exponent_totals import ROWS
from tests.test_stream_read import _both, cells_made_during


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_taken_tables_exponents_come_with_its_systems(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """Tables whose grand total is printed ``2.17e+03`` (widened by the audit, so N1 is
    given back by its line: SDC501 ``fail``), taken where they were read: their systems
    arrive with their exponent cells, no cell of the form is made while the parent adds
    them, and the report is the whole read's."""
    monkeypatch.setattr(pool, "MIN_ITEMS_FOR_POOL", 2)
    write_files(tmp_path, {f"t{k}.csv": "\n".join(ROWS).format(n1="[c]", total="2.17e+03")
                           + "\n" for k in range(4)})
    sent: list[Any] = []
    packed = linking.SystemsBuild.packed
    remade = cells_made_during(monkeypatch, linking.SystemsBuild, "add")

    def watched_packed(self: Any, output: Any) -> Any:
        got = packed(self, output)
        sent.append(got)
        return got

    monkeypatch.setattr(linking.SystemsBuild, "packed", watched_packed)
    whole, streamed = _both(tmp_path, monkeypatch, jobs)
    assert streamed == whole
    assert remade == []
    if jobs == 1:  # (at -j 2 the workers' packing is not seen here)
        # every table taken in order is built in place at -j 1 (round 31, jone31): nothing
        # is packed; what a packed system carries is the next test's
        assert sent == []
    assert '"SDC501"' in streamed and '"fail"' in streamed


def test_a_taken_tables_exponent_cells_are_those_of_its_model(tmp_path: Path) -> None:
    """``packed`` reads the same exponent cells as a scan of the model's cells does."""
    from sdc.engine import read_file
    from sdc.exponent_bounds import exponent_cells
    from sdc.policy import build_policy

    path = tmp_path / "t.csv"
    path.write_text("\n".join(ROWS).format(n1="[c]", total="2.17e+03") + "\n")
    policy = build_policy({})
    output = read_file(path, "t.csv", tmp_path, policy.read_options())[0]
    build = linking.SystemsBuild([output], policy.shared.rounding_base, compact=True,
                                 needed_only=True)
    build.unlinked = False
    ok, systems = build.packed(output)
    assert ok
    in_place = [ts for ts in build._build(output, linking.LabelCodes()) if ts is not None]
    assert [p.rest["exponents"] for p in systems if p is not None] == \
        [exponent_cells(ts) for ts in in_place]


KEYS = st.lists(st.tuples(st.sampled_from("pq"), st.booleans(),
                          st.lists(st.sets(st.integers(0, 6), max_size=4)
                                   .map(lambda s: tuple(sorted(s))), max_size=14)),
                max_size=6)


def _rows(keys: list[tuple[int, ...]]) -> KeyRows:
    width = max(map(len, keys), default=0)
    rows = np.zeros((len(keys), width), dtype=np.int64)
    for i, key in enumerate(keys):
        rows[i, :len(key)] = key
    return KeyRows(rows, np.array([len(k) for k in keys], dtype=np.int64))


def _plain(builds: list[tuple[str, bool, list[tuple[int, ...]]]]) -> list[list[int]]:
    plain: dict[str, dict[tuple[int, ...], int]] = {}
    return [[plain.setdefault(p, {}).setdefault(key, len(plain[p])) for key in keys]
            for p, _, keys in builds]


@settings(max_examples=200, deadline=None)
@given(KEYS, st.integers(0, 3))
def test_keys_as_rows_are_numbered_as_their_tuples(
        builds: list[tuple[str, bool, list[tuple[int, ...]]]], buckets: int) -> None:
    """Batches given as rows or as tuples, mixed in one population, numbered as a dict of
    the tuples numbers them; ``buckets``: every hash forced into 1-3 values (0: the real
    hash), so most hits are another key's and are found out."""
    real = link_columns._hashes
    try:
        if buckets:
            link_columns._hashes = (  # type: ignore[assignment]
                lambda rows, n: real(rows, n) % buckets)
        numbers = LinkNumbers()
        got = [numbers.columns(p, _rows(keys) if as_rows else keys,
                               [1.0] * len(keys)).ids.tolist()
               for p, as_rows, keys in builds]
    finally:
        link_columns._hashes = real  # type: ignore[assignment]
    assert got == _plain(builds)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sets(st.integers(0, 6), max_size=4).map(lambda s: tuple(sorted(s))),
                max_size=14))
def test_key_rows_read_as_their_tuples(keys: list[tuple[int, ...]]) -> None:
    rows = _rows(keys)
    assert list(rows) == keys and len(rows) == len(keys)
    assert [rows[i] for i in range(len(keys))] == keys and rows[1:3] == keys[1:3]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.sampled_from("abcdefg"), unique=True, max_size=4), max_size=12),
       st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=5))
def test_recoded_rows_are_the_recoded_keys(labels: list[list[str]], known: list[str]) -> None:
    """A worker's keys recoded as rows: the keys (and the parent's new codes) recoding them
    as tuples gives."""
    worker = linking.LabelCodes()
    keys = [worker.key(each) for each in labels]
    packed = (worker.labels(), array("q", map(len, keys)),
              array("i", [c for key in keys for c in key]))
    as_tuples, as_rows = linking.LabelCodes(), linking.LabelCodes()
    for codes in (as_tuples, as_rows):
        codes.key(known)  # codes the parent met first
    tuples = linking._recoded(*packed, as_tuples)
    rows = linking._recoded(*packed, as_rows, rows=True)
    assert list(rows) == list(tuples)
    assert as_rows._codes == as_tuples._codes
