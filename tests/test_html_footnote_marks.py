"""A table's footnote line opened by its raised mark (gt's ``<sup>1</sup> n (%)`` in its
``tfoot``) reads ``¹ n (%)``, as the page shows it; a raised digit alone, before a number, or
unused as a mark elsewhere in the table stays a digit (fp27)."""

from __future__ import annotations

from pathlib import Path

import pytest

import sdc
from sdc.policy import build_policy
from sdc.readers.documents.html import read_html
from tests.conftest import findings_of

_PAGE = ('<table><thead><tr><th>region</th><th>n<sup>1</sup></th></tr></thead><tbody>'
         '<tr><td>East</td><td>120</td></tr><tr><td>West</td><td>130</td></tr></tbody>'
         '<tfoot><tr><td colspan="2">{}</td></tr></tfoot></table>')


def _foot(note: str) -> str:
    return read_html(_PAGE.format(note).encode()).tables[0].rows[-1][0]


@pytest.mark.parametrize(("note", "read"), [
    ("<sup>1</sup> people seen", "¹ people seen"),
    ('<span class="gt_footnote_marks"><sup>1</sup></span> <span>n (%)</span>', "¹ n (%)"),
    ("<sup>3</sup>", "3"),                                  # a raised number, no words
    ("<sup>3</sup> deaths in West", "3 deaths in West"),    # no ³ marks anything here
    ("<sup>1</sup> 3 deaths", "1 3 deaths"),                # a number follows the mark
    ("<sup>1</sup>3", "1|3"),
])
def test_footnote_line_marks(note: str, read: str) -> None:
    assert _foot(note) == read


def test_the_mark_outside_a_footer_stays_a_digit() -> None:
    page = _PAGE.replace("<tfoot>", "<tbody>").replace("</tfoot>", "</tbody>")
    assert read_html(page.format("<sup>1</sup> people seen").encode()).tables[0].rows[-1][0] \
        == "1 people seen"


@pytest.mark.parametrize(("note", "status"), [("<sup>1</sup> people seen", "pass"),
                                              ("<sup>3</sup> deaths in West", "review")])
def test_check(tmp_path: Path, note: str, status: str) -> None:
    (tmp_path / "t.html").write_text(_PAGE.format(note))
    result = sdc.check(tmp_path, build_policy({}))
    assert result.status.value == status
    assert findings_of(result) == ({("SDC602", "t.html#table1", None)} if status == "review"
                                   else set())
