"""Issue 12: identifiers where nothing looked: HTML attributes other than title/alt/value,
and NHS numbers written in compatibility digits (superscript, circled).

An insider writes the NHS number as a ``data-*`` attribute, an ``id``, a class or a relative
link target of an otherwise ordinary results page (a table pandas wrote). Each is found
(SDC604); the same page without it raises nothing from its attributes.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.test_smuggle_insider import NHS, _release
from tests.test_smuggling_files import findings, run_check

TABLE = pd.DataFrame({"grp": ["a", "b"], "n": [12, 25]}).to_html(index=False)


@pytest.mark.parametrize("attribute", [
    f'data-ref="{NHS}"', f'id="{NHS}"', f'class="row {NHS}"',
    f'href="notes/{NHS.replace(" ", "")}"'])
def test_an_identifier_in_any_attribute_is_found(tmp_path: Path, attribute: str) -> None:
    page = f"<html><body><a {attribute}>Results</a>{TABLE}</body></html>"
    report = run_check(_release(tmp_path, {"t.html": page}))
    assert ("SDC604", "t.html") in {(r, w) for r, w, _ in findings(report)}
    assert report["status"] == "fail"


def test_ordinary_attributes_raise_nothing(tmp_path: Path) -> None:
    page = (f'<html><body><a id="results" class="table-link" href="notes/methods.html" '
            f'data-year="2024">Results</a>{TABLE}</body></html>')
    report = run_check(_release(tmp_path, {"t.html": page}))
    assert "SDC604" not in {r for r, _, _ in findings(report)}


@pytest.mark.parametrize("digits", ["⁰¹²³⁴⁵⁶⁷⁸⁹", "⓪①②③④⑤⑥⑦⑧⑨", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"])
def test_an_nhs_number_in_compatibility_digits_is_found(tmp_path: Path, digits: str) -> None:
    """Superscript, circled and mathematical digits read as the same number (NFKC)."""
    spelt = "".join(digits[int(d)] for d in NHS.replace(" ", ""))
    report = run_check(_release(tmp_path, {"t.csv": f"grp,n\n{spelt},25\nb,40\nc,50\n"}))
    assert ("SDC604", "t.csv", "A2") in findings(report)
