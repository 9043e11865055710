"""Round 48 (tail48): ``Finding`` and ``Location`` set each slot once in their own
``__init__`` (no ``__setattr__`` call per field, no ``__post_init__``), with the same values
as the generated ``__init__`` and the cleaning they had: every text given to a finding is
cleaned as ``Finding.__setattr__`` cleans it, a location's path, sheet and labels (not its
cell) as its ``__post_init__`` did."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from sdc.results import Finding, Location, Status
from sdc.textsafe import printable

RAW = "a\x07b\u200bc"  # a bell and a zero-width space: shown as escapes
CLEAN = printable(RAW)


def test_the_raw_text_is_cleaned_at_all() -> None:
    assert CLEAN != RAW  # else the tests below could not fail


def _set_one_by_one(**given: object) -> Finding:
    """A finding whose every given field is then set again through ``__setattr__``: what
    the generated ``__init__`` did (one ``__setattr__`` per field)."""
    made = Finding("R", "n", "m", Location("p"))
    for name, value in given.items():
        setattr(made, name, value)
    return made


def test_every_text_field_cleaned_as_setattr_cleans_it() -> None:
    loc = Location("p")
    given = {"rule": RAW, "name": RAW, "message": RAW, "location": loc, "evidence": {"k": RAW},
             "related": (loc,), "status": Status.REVIEW, "waiver": RAW, "public_message": RAW,
             "cap": Status.REVIEW, "declaration_kind": RAW, "declaration": RAW,
             "status_without_declaration": Status.FAIL}
    made = Finding(**given)  # type: ignore[arg-type]
    assert made == _set_one_by_one(**given)
    for name in ("rule", "name", "message", "waiver", "public_message", "declaration_kind",
                 "declaration"):
        assert getattr(made, name) == CLEAN, name
    assert made.evidence == {"k": RAW}  # evidence values are the rule's, as before
    # a plain str where a status goes is cleaned too (the old ``__setattr__`` did)
    odd = Finding("R", "n", "m", loc, status=RAW)  # type: ignore[arg-type]
    assert odd.status == CLEAN


def test_positional_and_default_fields_as_the_dataclass_gave_them() -> None:
    loc = Location("p", cell="B3")
    made = Finding("SDC101", "small-count", "msg", loc, {"v": 1}, (loc,), Status.REVIEW,
                   "w", "pub")
    assert (made.rule, made.name, made.message, made.location, made.evidence, made.related,
            made.status, made.waiver, made.public_message) == (
        "SDC101", "small-count", "msg", loc, {"v": 1}, (loc,), Status.REVIEW, "w", "pub")
    bare = Finding("SDC101", "n", "m", loc)
    assert (bare.evidence, bare.related, bare.status, bare.waiver, bare.public_message,
            bare.cap, bare.declaration_kind, bare.declaration,
            bare.status_without_declaration) == ({}, (), Status.FAIL, None, None, None, None,
                                                 None, None)
    assert bare.evidence is not Finding("SDC101", "n", "m", loc).evidence  # a dict each
    assert Finding("SDC101", "n", "m", loc, evidence=None).evidence is None  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Finding("SDC101", "n", "m")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Finding("SDC101", "n", "m", loc, colour="red")  # type: ignore[call-arg]


def test_the_finding_copies_pickles_and_replaces_as_before() -> None:
    made = Finding("SDC501", "n", RAW, Location(RAW, cell="C4"), {"value": 3}, public_message=RAW)
    assert pickle.loads(pickle.dumps(made)) == made
    assert copy.deepcopy(made) == made
    again = dataclasses.replace(made, message=RAW + "!")
    assert again.message == CLEAN + "!" and again.location == made.location
    made.waiver = RAW  # ``__setattr__`` still cleans what is set later
    assert made.waiver == CLEAN
    with pytest.raises(AttributeError):
        made.colour = "red"  # type: ignore[attr-defined]  # slots: no other attribute


def test_the_init_calls_no_setattr_per_field(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = Finding.__setattr__

    def counted(self: Finding, name: str, value: object) -> None:
        calls.append(name)
        real(self, name, value)

    monkeypatch.setattr(Finding, "__setattr__", counted)
    Finding("SDC101", "n", "m", Location("p"))
    assert calls == []  # base48: the generated __init__'s thirteen


def test_a_location_cleans_path_sheet_and_labels_not_its_cell() -> None:
    loc = Location(RAW, RAW, RAW, RAW, RAW, 2)
    assert (loc.path, loc.sheet, loc.cell, loc.row_label, loc.column_label, loc.table) == (
        CLEAN, CLEAN, RAW, CLEAN, CLEAN, 2)
    assert Location("p") == Location(path="p", sheet=None, cell=None, row_label=None,
                                     column_label=None, table=None)
    assert hash(loc) == hash(Location(RAW, RAW, RAW, RAW, RAW, 2))
    assert pickle.loads(pickle.dumps(loc)) == loc
    assert dataclasses.replace(loc, path=RAW + "x").path == CLEAN + "x"
    with pytest.raises(dataclasses.FrozenInstanceError):
        loc.path = "q"  # type: ignore[misc]


def test_a_location_has_no_post_init() -> None:
    assert not hasattr(Location, "__post_init__")  # base48: it cleaned the slots again there
