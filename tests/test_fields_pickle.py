"""What ``-j`` workers send back: findings, locations and intervals pickled as their fields
(``sdc.fields_pickle``) come back equal, with the same shared objects, and a build the
parent does in order is not packed (``sdc.pool.ordered_map``'s ``here``)."""

from __future__ import annotations

import copy
import math
import pickle
from dataclasses import dataclass, fields

import pytest

from sdc import pool
from sdc.audit.system import Interval
from sdc.fields_pickle import by_fields
from sdc.results import Finding, Location, Status


def _finding() -> Finding:
    where = Location(path="t1.csv", sheet="S", cell="B3", row_label="18-24",
                     column_label="Female", table=2)
    other = Location(path="t2.csv", cell="C4")
    finding = Finding(rule="SDC503", name="differencing", message="a = b - c = 3",
                      location=where, evidence={"derived": 3.0, "threshold": 10},
                      related=[other, where], public_message="a = b - c",
                      cap=Status.REVIEW, declaration_kind="waiver", declaration="w",
                      status_without_declaration=Status.FAIL, waiver="reason")
    finding.status = Status.REVIEW
    return finding


def _state(obj: object) -> list[object]:
    return [getattr(obj, f.name) for f in fields(obj)]  # type: ignore[arg-type]


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_a_finding_comes_back_with_every_field_and_its_shared_locations(protocol: int) -> None:
    finding = _finding()
    back = pickle.loads(pickle.dumps([finding, finding.location], protocol=protocol))
    assert _state(back[0]) == _state(finding) and back[0] == finding
    assert type(back[0]) is Finding and type(back[0].location) is Location
    assert back[0].status is Status.REVIEW and back[0].cap is Status.REVIEW
    # one object on both sides: what was shared stays shared (the pickler's memo)
    assert back[0].location is back[1] and back[0].related[1] is back[0].location
    assert hash(back[1]) == hash(finding.location)


def test_the_pickle_holds_the_values_not_the_field_names() -> None:
    # the default pickle of a slotted dataclass names every slot in every object
    blob = pickle.dumps(_finding(), protocol=pickle.HIGHEST_PROTOCOL)
    for name in ("public_message", "status_without_declaration", "column_label"):
        assert name.encode() not in blob
    assert b"a = b - c = 3" in blob


def test_an_interval_comes_back_exact_with_its_derivation_and_its_float_bits() -> None:
    shared = [4, 1]
    got = [Interval(5.0, 5.0, True, shared, {4: 1.0, 1: -1.0}), Interval(-0.0, math.inf),
           Interval(0.0, math.nan, False, shared, None)]
    back = pickle.loads(pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL))
    assert back[0] == got[0] and back[0].value == 5.0 and back[0].derivation is \
        back[2].derivation
    assert math.copysign(1.0, back[1].lo) == -1.0 and back[1].hi == math.inf
    assert math.isnan(back[2].hi) and back[2].combination is None
    with pytest.raises(AttributeError):  # still frozen
        back[0].lo = 1.0  # type: ignore[misc]


def test_copies_go_through_the_same_reduction() -> None:
    finding = _finding()
    assert copy.copy(finding) == finding and copy.copy(finding).location is finding.location
    deep = copy.deepcopy(finding)
    assert deep == finding and deep.location is not finding.location
    assert deep.related[1] is deep.location


@by_fields
@dataclass(slots=True)
class _Pair:
    a: int
    b: list[int]


class _Wider(_Pair):  # a subclass may hold more than the fields: the default pickle
    __slots__ = ("c",)


def test_a_subclass_pickles_by_the_default_and_a_plain_class_is_refused() -> None:
    wider = _Wider(1, [2])
    wider.c = 3
    back = pickle.loads(pickle.dumps(wider))
    assert type(back) is _Wider and (back.a, back.b, back.c) == (1, [2], 3)
    assert pickle.loads(pickle.dumps(_Pair(1, [2]))) == _Pair(1, [2])

    @dataclass
    class Plain:
        a: int

    with pytest.raises(TypeError):
        by_fields(Plain)


def _packed(x: int) -> tuple[str, int]:
    return "packed", x


def _in_place(x: int) -> tuple[str, int]:
    return "here", x


def test_ordered_map_gives_here_for_the_items_this_process_takes_in_order() -> None:
    # the serial loop (a pool not worth it) is all "here"; a pool's first item is done
    # here before any fork; every other item is one or the other, in order
    few = list(pool.ordered_map(_packed, range(5), 2, here=_in_place))
    assert few == [("here", i) for i in range(5)]
    if pool.start_context().get_start_method() != "fork":
        pytest.skip("the pool runs only where workers fork")
    got = list(pool.ordered_map(_packed, range(100), 2, here=_in_place))
    assert [x for _, x in got] == list(range(100))
    assert got[0] == ("here", 0) and {kind for kind, _ in got} <= {"here", "packed"}
    assert list(pool.ordered_map(_packed, range(100), 2)) == [_packed(i) for i in range(100)]


def test_a_registered_class_is_rebuilt_through_its_slots_and_a_short_state_refused() -> None:
    # by_fields keeps each slot's setter (round 34): the same state as set by name, and a
    # state of the wrong length is refused either way (never an object missing a field)
    from sdc.fields_pickle import _SETTERS, rebuilt

    assert len(_SETTERS[Location]) == len(fields(Location))
    where = rebuilt(Location, ("t.csv", None, "B2", "r", "c", 1))
    assert where == Location(path="t.csv", cell="B2", row_label="r", column_label="c", table=1)
    with pytest.raises(ValueError):
        rebuilt(Location, ("t.csv", None, "B2"))
    with pytest.raises(ValueError):
        rebuilt(_Wider, (1, 2))  # not registered: set by name, as many as its own slots
