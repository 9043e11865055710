"""A cutting's cells as a tuple of places beside its bands (round 46, child46: a dict of 8
bands was 272 bytes a cutting, ~4,000 cuttings a 1 MiB long table held in SDC503's forked
process). Every reader answers as it did from the dict: held to the dict's readings (copied
below as they were) on random banded tables, in the process and through a ``-j`` worker."""

from __future__ import annotations

import itertools
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdc.band_algebra import Printed, _printed_of
from sdc.rules import differencing
from sdc.rules.differencing import Cutting, _PerOutput, _sums, output_cuttings
from tests.test_pass_shortcuts import _output, banded_tables


def _printed_from_dict(cut: Cutting, t: int) -> list[Printed]:
    """``band_algebra._printed_of`` as it read the dict (round 45)."""
    cells = cut.cells
    out = []
    for band in cut.bands:
        place = cells.get(band.label)
        if place is None:
            place = next(c for label, c in cells.items() if label.strip() == band.label)
        out.append(Printed(band.lo, band.hi, cut.read.value(place), t, place, band.label))
    return out


def _sums_from_dict(cuts: list[Cutting], positions: list[int]) -> list[float | None]:
    """``_sums`` as it read the dict (round 45)."""
    out: list[float | None] = []
    for cut in cuts:
        values = [cut.read.value(cut.cells[cut.bands[p].label]) for p in positions]
        out.append(None if any(v is None for v in values) else float(sum(values)))  # type: ignore[arg-type]
    return out


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(banded_tables())
def test_places_read_as_the_dict_was(text: str) -> None:
    output = _output(text)
    if output is None or output.table is None:
        return
    for cut in output_cuttings(output):
        assert type(cut.places) is tuple
        assert len(cut.places) == len(cut.bands)
        # the dict: one label a band, in band order, each its band's place
        assert list(cut.cells) == [b.label for b in cut.bands]
        assert list(cut.cells.values()) == list(cut.places)
        assert _printed_of(cut, 3) == _printed_from_dict(cut, 3)
        for label in cut.cells:
            assert cut.value(label) == cut.read.value(cut.cells[label])
        every = list(range(len(cut.bands)))
        for positions in (every, every[:1], every[1:]):
            got, want = _sums([cut], positions), _sums_from_dict([cut], positions)
            assert [repr(x) for x in got] == [repr(x) for x in want]  # NaN as NaN


def test_a_cutting_holds_no_dict() -> None:
    """The places are one tuple; no slot of a cutting is a dict (round 45 held one each)."""
    output = _output("age,region,n\n<20,North,5\n20-39,North,12\n40+,North,3\n"
                     "<20,South,4\n20-39,South,9\n40+,South,8\n")
    assert output is not None
    cuts = output_cuttings(output)
    assert [(c.context[1], c.places, [b.label for b in c.bands]) for c in cuts] == [
        (("North",), (0, 1, 2), ["<20", "20-39", "40+"]),
        (("South",), (3, 4, 5), ["<20", "20-39", "40+"]),
    ]
    assert not any(isinstance(getattr(c, name), dict) for c in cuts
                   for name in Cutting.__slots__)


def test_of_cells_takes_labels_as_written() -> None:
    """A label written with spaces is its band's cell (``cells_by_band``)."""
    output = _output("age,n\n 18-24,5\n25-64 ,7\n")
    assert output is not None
    (cut,) = output_cuttings(output)
    again = Cutting.of_cells(output, cut.dimension, cut.context,
                             {" 18-24": cut.places[0], "25-64 ": cut.places[1]}, cut.bands,
                             cut.read)
    assert again == cut
    assert again.cells == {"18-24": cut.places[0], "25-64": cut.places[1]}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(banded_tables(), min_size=1, max_size=3))
def test_a_worker_sends_the_same_cuttings(texts: list[str]) -> None:
    """Under ``-j`` a worker sends each cutting's places back: the parent makes the same
    cuttings (places, bands, contexts) as it makes itself. The worker's side is taken here
    (each ``os.getpid`` another number: every item reads as computed elsewhere)."""
    outputs = [o for o in (_output(t) for t in texts) if o is not None and o.table is not None]
    sent: list[object] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "getpid", itertools.count(10**6).__next__)
        original = differencing.output_cut_columns  # (round 48: a worker makes columns)

        def spied(*args: object, **kwargs: object) -> differencing.CutColumns:
            found = original(*args, **kwargs)  # type: ignore[arg-type]
            sent.append(found)
            return found
        patch.setattr(differencing, "output_cut_columns", spied)
        ahead = _PerOutput(outputs, 2)
    assert len(sent) == len(outputs)
    for output in outputs:
        got = ahead.cuttings(output)
        assert got == output_cuttings(output)
        assert all(type(c.places) is tuple and c.output is output for c in got)
