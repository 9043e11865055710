"""A finding with no related locations holds the one shared empty tuple, not an empty list of
its own (issue 14 §3, round 45, held45: ~1,400 findings a 1 MiB long table, held until the
reports). It reads, pickles, copies and reports as the empty list did; given ones are kept."""

from __future__ import annotations

import copy
import pickle

from sdc.results import Finding, Location, OutputResult
from sdc.rules.base import Rule


def _finding(**kwargs: object) -> Finding:
    return Finding(rule="SDC101", name="small-count", message="m",
                   location=Location(path="a.csv", cell="B2"), **kwargs)  # type: ignore[arg-type]


def test_no_related_is_the_shared_empty_tuple() -> None:
    a, b = _finding(), _finding()
    assert a.related == () and a.related is b.related
    assert not a.related and list(a.related) == [] and a.related[:6] == ()
    assert (a.location, *a.related) == (a.location,)
    assert a.to_dict()["related"] == []


def test_it_survives_pickling_and_copies_as_the_empty_tuple() -> None:
    a = _finding()
    for again in (pickle.loads(pickle.dumps(a)), copy.copy(a), copy.deepcopy(a)):
        assert again.related == () and again == a
        assert again.to_dict() == a.to_dict()


def test_given_related_locations_are_kept_as_given() -> None:
    related = [Location(path="b.csv", cell="C3")]
    a = _finding(related=related)
    assert a.related == related and a.to_dict()["related"] == [
        {"path": "b.csv", "sheet": None, "cell": "C3", "row_label": None,
         "column_label": None}]


def test_a_rules_finding_with_none_related_holds_the_shared_tuple() -> None:
    class Probe(Rule):  # type: ignore[type-arg]
        code, name, summary, scope = "SDC101", "small-count", "probe", "output"

    class Out:
        def location(self, cell: object = None) -> Location:
            return Location(path="a.csv", cell="B2")

    rule = Probe.__new__(Probe)
    made = rule.finding(Out(), "m")  # type: ignore[arg-type]
    assert made.related == () and made.related is _finding().related
    given = rule.finding(Out(), "m", related=[Location(path="b.csv")])  # type: ignore[arg-type]
    assert given.related == [Location(path="b.csv")]


def test_an_output_results_json_is_unchanged() -> None:
    out = OutputResult(path="a.csv", sheet=None, kind="table", sha256="0", findings=[_finding()])
    assert out.to_dict()["findings"][0]["related"] == []
