"""SDC501/SDC502's share recoveries read each table from its compact form
(``sdc.release_form``, issue 14 §3): the same findings, at the same cells, in the same order,
as read from the tables' cells. Random releases (a count crosstab with hidden cells beside
the shares of it or of another count table, by row, column or the whole table, rounded, in
percent or as fractions, some shares hidden, labels spaced or cased otherwise, totals and
labels that read as totals'), the
handbook's shares example and bench_scale's seeded release, each checked with the forms and
with none (``form_of`` giving None: the model is read)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sdc
from sdc import release_form
from sdc.policy import build_policy
from sdc.release_form import ReleaseTable

POLICY = build_policy({})
AREAS = ["North", "South", "East", "West"]
SEXES = ["F", "M", "X"]


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def _shares_releases(draw: st.DrawFn) -> list[tuple[str, str]]:
    areas = AREAS[:draw(st.integers(2, 4))]
    if draw(st.booleans()):  # a label read as a total's (no margin to the layout)
        areas = [*areas, draw(st.sampled_from(["England", "Both sexes", "Overall"]))]
    sexes = SEXES[:draw(st.integers(2, 3))]
    counts = [[draw(st.integers(0, 60)) for _ in sexes] for _ in areas]
    hidden = {(r, c) for r in range(len(areas)) for c in range(len(sexes))
              if draw(st.integers(0, 3)) == 0}
    totals = draw(st.booleans())
    rows = [["area", *sexes, *(["Total"] if totals else [])]]
    for r, area in enumerate(areas):
        shown = ["[c]" if (r, c) in hidden else str(v) for c, v in enumerate(counts[r])]
        rows.append([area, *shown, *([str(sum(counts[r]))] if totals else [])])
    if totals:
        rows.append(["Total", *(str(sum(col)) for col in zip(*counts, strict=True)),
                     str(sum(map(sum, counts)))])
    files = [("counts.csv", _csv(rows))]
    for k in range(draw(st.integers(1, 2))):
        # the shares of these counts, or of counts a few apart (another population)
        base = [[v + (draw(st.integers(-3, 3)) if draw(st.booleans()) else 0) for v in row]
                for row in counts] if draw(st.booleans()) else counts
        by = draw(st.sampled_from(["index", "columns", "all"]))
        scale = draw(st.sampled_from([100.0, 1.0]))
        places = draw(st.integers(0, 3))
        whole = sum(map(sum, base))
        spaced = draw(st.booleans())
        head = [("area " if spaced else "area"), *(s.lower() if spaced else s for s in sexes)]
        share_rows = [head]
        for r, area in enumerate(areas):
            line = []
            for c in range(len(sexes)):
                of = (sum(base[r]) if by == "index" else
                      sum(row[c] for row in base) if by == "columns" else whole)
                share = base[r][c] / of * scale if of else 0.0
                line.append("[c]" if draw(st.integers(0, 9)) == 0 else f"{share:.{places}f}")
            share_rows.append([(f" {area} " if spaced else area), *line])
        files.append((f"shares{k}.csv", _csv(share_rows)))
    return files


def _checked(root: Path, forms: bool) -> dict:
    with pytest.MonkeyPatch.context() as patch:
        if not forms:
            patch.setattr(release_form, "form_of", lambda output: None)
        else:  # every table read from a form (a kept one, or one made now)
            patch.setattr(release_form, "form_of", _form_or_fail)
        return sdc.check(root, POLICY).to_dict()


def _form_or_fail(output):
    form = ReleaseTable.of(output.table)
    assert form is not None  # these tables are all held by a form: read from it
    return form


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(_shares_releases())
def test_share_recoveries_from_forms_are_those_from_cells(tmp_path_factory, files) -> None:
    root = tmp_path_factory.mktemp("shares")
    for name, text in files:
        (root / name).write_text(text)
    assert _checked(root, forms=True) == _checked(root, forms=False)


def test_the_handbook_shares_example_reads_alike_and_recovers(tmp_path: Path) -> None:
    """West/F hidden beside row shares (25.0, 75.0) and West/M's 12: 4, from either reading;
    a recovery named, so the comparison compares findings of the shares."""
    (tmp_path / "counts.csv").write_text("area,F,M\nNorth,40,38\nSouth,30,33\nWest,[c],12\n")
    (tmp_path / "shares.csv").write_text(
        "area,F,M\nNorth,51.3,48.7\nSouth,47.6,52.4\nWest,25.0,75.0\n")
    with_forms = _checked(tmp_path, forms=True)
    assert with_forms == _checked(tmp_path, forms=False)
    counts = next(o for o in with_forms["outputs"] if o["path"] == "counts.csv")
    shares = [f for f in counts["findings"] if f["rule"] == "SDC501"
              and "shares" in f["message"]]
    assert [(f["location"]["cell"], f["evidence"]["value"]) for f in shares] == [("B4", 4)]


def test_bench_scales_seeded_release_reads_alike(tmp_path: Path) -> None:
    from benchmarks.bench_scale import make_small_release

    make_small_release(tmp_path, 60)
    assert _checked(tmp_path, forms=True) == _checked(tmp_path, forms=False)
