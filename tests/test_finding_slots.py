"""``Finding`` and ``Location`` are slotted dataclasses (issue 14 §3: thousands a long table,
held to the end): no ``__dict__``, the same cleaning of researcher strings on every set, and
the same objects after a pickle round trip (a ``-j`` worker sends its findings back)."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from sdc.results import Finding, Location, Status


def _finding() -> Finding:
    return Finding("SDC501", "recoverable-suppression", "label \x1b[31mred",
                   Location("a\x07.csv", sheet="S", cell="C2", table=2),
                   evidence={"total": 30.0}, related=[Location("b.csv", cell="D4")],
                   status=Status.REVIEW, public_message="no values")


def test_no_instance_dict_and_no_other_attribute() -> None:
    found = _finding()
    assert not hasattr(found, "__dict__") and not hasattr(found.location, "__dict__")
    with pytest.raises(AttributeError):
        found.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.location.cell = "A1"  # type: ignore[misc]


def test_strings_are_made_printable_when_set_and_after_construction() -> None:
    found = _finding()
    assert "\x1b" not in found.message and "\x07" not in found.location.path
    found.waiver = "reason\x1b]0;title\x07"
    assert "\x1b" not in found.waiver and "\x07" not in found.waiver
    found.status = Status.FAIL  # not a str: kept as it is
    assert found.status is Status.FAIL
    assert "\x1b" not in dataclasses.replace(found, message="x\x1by").message


def test_pickle_and_copy_give_the_same_finding() -> None:
    found = _finding()
    for back in (pickle.loads(pickle.dumps(found)), copy.copy(found), copy.deepcopy(found)):
        assert back == found and back is not found
        assert back.to_dict() == found.to_dict()
        assert hash(back.location) == hash(found.location)
    changed = copy.copy(found)
    changed.status = Status.PASS
    assert found.status is Status.REVIEW
