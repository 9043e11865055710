"""Hunt round 12: two places of an HTML page no rule read for numbers.

The page's ``<title>`` (shown on the browser's tab, in the ``<head>``, so in no table and no
block of the body's text) and a ``data-*`` attribute (``<td data-n="3">``: data the page keeps
for a script, shown to nobody) were searched for identifiers only, so a count written there
passed. Each is now text of the document whose numbers are SDC602 ``review``; a title that
names the table and its years, data attributes without a statistic and a data attribute
copying the number its element shows (``<td data-sort="120">120``) still pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import check_one_file, found_with_status

TABLE = ("<table><tr><th>region</th><th>count</th></tr><tr><td{attr}>East</td><td>120</td>"
         "</tr><tr><td>West</td><td>85</td></tr></table>")


def _page(title: str = "", attr: str = "") -> str:
    head = f"<head><meta charset='utf-8'><title>{title}</title></head>" if title else ""
    return f"<!DOCTYPE html><html>{head}<body>{TABLE.format(attr=attr)}</body></html>"


@pytest.mark.parametrize("page", [
    _page(title="Deaths: North 3"),
    _page(attr=' data-n="3"'),
    _page(attr=' data-deaths="North: 3"'),
    _page(attr=' data-sort="3"'),
], ids=["title", "data-n", "data-words", "data-sort-not-shown"])
def test_a_number_in_the_title_or_a_data_attribute_is_review(tmp_path: Path, page: str) -> None:
    result = check_one_file(tmp_path, "t.html", page)
    assert found_with_status(result) == {("SDC602", None, "review")}
    assert result.status.value == "review"


def test_a_base_in_the_title_of_the_only_table_is_a_count(tmp_path: Path) -> None:
    # hunt round 14: a <title> printing a base over the page's only table is that table's
    # title, its base a count (was: SDC602 review, the number not understood)
    result = check_one_file(tmp_path, "t.html", _page(title="Admissions (n=3 excluded)"))
    assert found_with_status(result) == {("SDC101", "A1", "fail")}


@pytest.mark.parametrize("page", [
    _page(title="Table 2: Admissions by region, 2019-2022"),
    _page(title="analysis.knit"),
    _page(attr=' data-toggle="tab" data-year="2024" data-quarto-postprocess="true"'),
], ids=["title-table-years", "title-knit", "data-words"])
def test_a_title_and_data_attributes_without_a_statistic_pass(tmp_path: Path,
                                                              page: str) -> None:
    result = check_one_file(tmp_path, "t.html", page)
    assert found_with_status(result) == set()
    assert result.status.value == "pass"


def test_the_finding_names_the_place_never_the_value(tmp_path: Path) -> None:
    result = check_one_file(tmp_path, "t.html", _page(title="Deaths: North 3",
                                                       attr=' data-n="3"'))
    [finding] = result.findings
    assert "<title>" in finding.message and "<td data-n> (hidden)" in finding.message
    assert "North" not in finding.message and "3" not in finding.message.split(":")[-1]


def test_a_data_attribute_copying_what_its_element_shows_passes(tmp_path: Path) -> None:
    """A sortable table's ``<td data-sort="120">120</td>``: the number is the cell's own."""
    page = _page().replace("<td>120</td>", '<td data-sort="120">120</td>').replace(
        "<td>85</td>", '<td data-sort="85.0">85.0</td>')
    result = check_one_file(tmp_path, "t.html", page)
    assert found_with_status(result) == set()
